"""The SQLite database on a disk that fills up or turns read-only: a clear 503 page with a
Chinese message, not a traceback; nothing half-written; writes work again once fixed.

The database lives on a small tmpfs of its own (the tests run as root, as scripts/test does
in CI), so "full" and "read-only" are the real thing, not a simulation.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from extensions import db
from tests import factories
from tests.conftest import make_test_app
from tests.factories import PASSWORD
from tests.faults.checks import assert_nothing_half_written, opinion_form
from tests.serving import Browser, GunicornServer

CANNOT_STORE = "数据库暂时无法写入"


@pytest.fixture
def small_disk():
    mountpoint = tempfile.mkdtemp(prefix="xieshang-disk.")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountpoint], check=True)
    try:
        yield Path(mountpoint)
    finally:
        subprocess.run(["umount", "-l", mountpoint], check=False)
        os.rmdir(mountpoint)


def _prepare(url: str):
    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        meeting = factories.make_meeting("磁盘测试协商会", status="held", opinions_open=True)
        person = factories.make_participant("磁盘委员", kind="member")
        factories.make_invitation(meeting, person, role="speaker")
        factories.make_user("disk-member", role="member", participant=person)
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()  # no connection may stay open: the disk is remounted later
        db.engine.dispose()
    return app, meeting_id


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    subprocess.run(
        ["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True, check=False
    )  # ends with "No space left on device"
    return filler


def test_full_and_read_only_disk_answer_a_clear_503(small_disk):
    url = f"sqlite:///{small_disk}/xieshang.sqlite"
    app, meeting_id = _prepare(url)
    new_opinion = f"/meetings/{meeting_id}/opinions/new"
    acknowledged = []
    with GunicornServer(url, workers=1) as server:
        browser = Browser(server.base_url)
        assert browser.login("disk-member", PASSWORD).status == 302
        before = opinion_form("磁盘满之前", 2)
        assert browser.post(new_opinion, before).status == 302
        acknowledged.append(before["title"])

        # Disk full: the write is refused with a message; the page is not a traceback.
        filler = _fill(small_disk)
        for n in range(3):  # large enough that the write-ahead log must grow
            data = opinion_form(f"磁盘满时{n}", 5)
            data["body"] = "长文本" * 5000
            answer = browser.post(new_opinion, data)
            assert answer.status == 503, (answer.status, answer.body[:500], server.log_text())
            assert CANNOT_STORE in answer.body and "Traceback" not in answer.body
        filler.unlink()
        after_full = opinion_form("清理磁盘之后", 3)
        assert browser.post(new_opinion, after_full).status == 302
        acknowledged.append(after_full["title"])

    # Read-only (a file system remounted read-only, as after a disk error): the same clear
    # answer for writes; reading may go on or say 503.
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with GunicornServer(url, workers=1, database_required=False) as server:
            # Signing in records the attempt, so it may be refused too, cleanly.
            login = Browser(server.base_url).login("disk-member", PASSWORD)
            assert login.status in (302, 503) and "Traceback" not in login.body
            browser.base_url = server.base_url  # still signed in (same secret key)
            answer = browser.post(new_opinion, opinion_form("只读时", 2))
            assert answer.status == 503, (answer.status, answer.body[:500], server.log_text())
            assert "Traceback" not in answer.body
            assert CANNOT_STORE in answer.body or "数据库暂时不可用" in answer.body
            page = browser.get(f"/meetings/{meeting_id}")
            assert page.status in (200, 302, 503) and "Traceback" not in page.body
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    with GunicornServer(url, workers=1) as server:
        browser = Browser(server.base_url)
        assert browser.login("disk-member", PASSWORD).status == 302
        after_ro = opinion_form("恢复可写之后", 1)
        assert browser.post(new_opinion, after_ro).status == 302
        acknowledged.append(after_ro["title"])

    with app.app_context():
        assert assert_nothing_half_written(acknowledged) == len(acknowledged)
        db.engine.dispose()
