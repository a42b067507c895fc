"""PostgreSQL restarted under load: requests during the outage get a clean 503 page with a
Chinese message (no traceback, no 500), and the app recovers by itself (pool_pre_ping).

Runs against its own throwaway server (tests/faults/postgres.py), never the shared one;
only where PostgreSQL is available (TEST_POSTGRES_URL set, as scripts/test always does).
"""

import os
import threading
import time

from extensions import db
from tests.conftest import make_test_app
from tests.factories import PASSWORD
from tests.faults.checks import assert_nothing_half_written, opinion_form
from tests.faults.postgres import ThrowawayPostgres
from tests.serving import Browser, GunicornServer

UNAVAILABLE = "数据库暂时不可用"


def _prepare(url: str) -> tuple:
    from tests import factories

    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        meeting = factories.make_meeting("重启测试协商会", status="held", opinions_open=True)
        for n in range(1, 5):
            person = factories.make_participant(f"重启委员{n}", kind="member")
            factories.make_invitation(meeting, person, role="speaker")
            factories.make_user(f"restart-member-{n}", role="member", participant=person)
        db.session.commit()
        meeting_id = meeting.id
    return app, meeting_id


def _restart_under_load(server: GunicornServer, pg: ThrowawayPostgres, meeting_id: int):
    url = f"/meetings/{meeting_id}/opinions/new"
    answers: list[tuple[float, int, str, str]] = []  # (time, status, path, body)
    acknowledged: list[str] = []
    stop = threading.Event()
    browsers = []
    for n in range(1, 5):
        browser = Browser(server.base_url, timeout=20)
        assert browser.login(f"restart-member-{n}", PASSWORD).status == 302
        browsers.append(browser)

    def work(number: int, browser: Browser) -> None:
        k = 0
        while not stop.is_set():
            k += 1
            if k % 2:
                data = opinion_form(f"重启期间的意见{number}-{k}", 1 + k % 4)
                answer = browser.post(url, data)
                if answer.status == 302:
                    acknowledged.append(data["title"])
                path = url
            else:
                path = f"/meetings/{meeting_id}"
                answer = browser.get(path)
            answers.append((time.monotonic(), answer.status, path, answer.body))
            time.sleep(0.05)

    threads = [threading.Thread(target=work, args=(i, b)) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    pg.restart(down_seconds=3)
    back = time.monotonic()
    time.sleep(3.0)
    stop.set()
    for thread in threads:
        thread.join(30)
    return answers, acknowledged, back


if os.environ.get("TEST_POSTGRES_URL"):

    def test_postgres_restart_fails_cleanly_and_recovers():
        pg = ThrowawayPostgres().start()
        try:
            app, meeting_id = _prepare(pg.url)
            with GunicornServer(pg.url, workers=2) as server:
                answers, acknowledged, back = _restart_under_load(server, pg, meeting_id)
                log = server.log_text()
                # Without a manual step: the same workers serve again.
                browser = Browser(server.base_url)
                assert browser.login("restart-member-1", PASSWORD).status == 302
                after = opinion_form("恢复之后的意见", 3)
                assert browser.post(f"/meetings/{meeting_id}/opinions/new", after).status == 302
                acknowledged.append(after["title"])

            bad = [(s, p, b[:300]) for _t, s, p, b in answers if s not in (200, 302, 503)]
            assert not bad, (bad[:2], log)
            outage = [b for _t, s, _p, b in answers if s == 503]
            assert outage, "the restart was not noticed: no request met the outage"
            assert all(UNAVAILABLE in b and "Traceback" not in b for b in outage), outage[0]
            recovered = [s for t, s, _p, _b in answers if t > back + 1.0]
            assert 302 in recovered or 200 in recovered, (recovered, log)
            with app.app_context():
                assert_nothing_half_written(acknowledged)
                db.session.remove()
                db.engine.dispose()
        finally:
            pg.remove()
