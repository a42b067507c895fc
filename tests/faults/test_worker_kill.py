"""A gunicorn worker SIGKILLed in the middle of concurrent writes: nothing half-written, and the
master starts a new worker so the app serves again."""

import os
import signal
import threading
import time

from tests.factories import PASSWORD
from tests.faults.checks import assert_nothing_half_written, opinion_form
from tests.serving import Browser, GunicornServer


def test_killing_a_worker_mid_writes_leaves_no_partial_record(app, database_url, meeting_day):
    url = f"/meetings/{meeting_day['meeting_id']}/opinions/new"
    acknowledged: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    with GunicornServer(database_url, workers=2) as server:
        browsers = []
        for username in meeting_day["members"]:
            browser = Browser(server.base_url, timeout=20)
            assert browser.login(username, PASSWORD).status == 302
            browsers.append(browser)

        def write(number: int, browser: Browser) -> None:
            k = 0
            while not stop.is_set():
                k += 1
                data = opinion_form(f"压测意见{number}-{k}", 1 + (k % 5))
                answer = browser.post(url, data)
                statuses.append(answer.status)
                if answer.status == 302:
                    acknowledged.append(data["title"])

        threads = [threading.Thread(target=write, args=(i, b)) for i, b in enumerate(browsers)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        [victim, *_] = server.worker_pids()
        os.kill(victim, signal.SIGKILL)
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(30)

        # The master noticed and started a replacement; the app serves again.
        workers = server.wait_for_workers(2, exclude={victim})
        assert victim not in workers
        survivor = Browser(server.base_url)
        assert survivor.login(meeting_day["members"][0], PASSWORD).status == 302
        after = opinion_form("杀进程之后的意见", 2)
        assert survivor.post(url, after).status == 302
        acknowledged.append(after["title"])

    # Requests on the killed worker lose their connection (0); none may be a server error.
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses.count(302) >= 5, statuses
    assert assert_nothing_half_written(acknowledged) >= len(acknowledged)
