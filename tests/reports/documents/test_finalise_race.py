"""One click, one record: finalise requests for the same content sent at the same moment to
a live gunicorn server (two worker processes) leave exactly one new version, one stored
file and one issue number; every request answers as if it had been the only one."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from office import services as office
from reports.models import Report
from tests.factories import PASSWORD
from tests.reports.documents.conftest import meeting_of
from tests.serving import ROOT, Browser, GunicornServer

REQUESTS = 4


@pytest.fixture
def server(app, database_url, issued):
    with GunicornServer(database_url, workers=2, timeout=60) as running:
        yield running


def stored(meeting_id: int) -> set[Path]:
    folder = ROOT / "instance" / "reports" / str(meeting_id)
    return set(folder.glob("*.pdf")) if folder.exists() else set()


def test_parallel_finalise_makes_one_version(server, issued):
    meeting_id = issued.meeting_id
    before = stored(meeting_id)
    browsers = [Browser(server.base_url, timeout=90) for _ in range(REQUESTS)]
    for n, browser in enumerate(browsers):
        assert browser.login("chair" if n % 2 else "secretariat", PASSWORD).status == 302
        assert browser.get(f"/meetings/{meeting_id}").status == 200
    start = threading.Barrier(REQUESTS)
    answers = [None] * REQUESTS

    def finalise(n: int) -> None:
        start.wait()
        answers[n] = browsers[n].post(f"/meetings/{meeting_id}/minutes/finalise")

    threads = [threading.Thread(target=finalise, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    try:
        assert [a.status for a in answers] == [302] * REQUESTS, [a.body[:300] for a in answers]
        messages = []
        for browser, answer in zip(browsers, answers, strict=True):
            assert answer.location.endswith(f"/meetings/{meeting_id}#documents")
            page = browser.get(f"/meetings/{meeting_id}").body
            messages.append("已定稿为第1版" in page or "未生成新版本" in page)
        assert all(messages)
        db.session.remove()
        reports = db.session.scalars(select(Report).where(Report.meeting_id == meeting_id)).all()
        assert [(r.kind.value, r.version) for r in reports] == [("minutes", 1)]
        assert meeting_of(issued).issue_number == 1 and office.next_number("minutes") == 2
        made = stored(meeting_id) - before
        assert [p.name for p in made] == [Path(reports[0].path).name]
    finally:
        for path in stored(meeting_id) - before:
            path.unlink()
