"""48 wrong passwords at once, against gunicorn: no more checks than the limit (issue 12).

The server runs the production entry with 2 workers of 8 threads each, so the requests
really race; each is a separate browser with its own CSRF token. The test then shows that
the real user still signs in: from a browser that signed in before (a known device) on
the same address, and from another address.
"""

import threading

from sqlalchemy import func, select

from accounts.models import LoginAttempt
from extensions import db
from tests import factories
from tests.serving import Browser, GunicornServer

PARALLEL = 48
RACE = {"GUNICORN_CMD_ARGS": "--threads 8", "TRUSTED_PROXIES": "1"}


def race(browsers: list[Browser], payloads: list[dict], headers: list[dict]) -> list[int]:
    """Every browser posts its form at the same moment; the statuses in order."""
    start = threading.Barrier(len(browsers))
    statuses = [0] * len(browsers)

    def one(n: int) -> None:
        start.wait()
        statuses[n] = browsers[n].post("/login", payloads[n], **headers[n]).status

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def ready_browsers(server: GunicornServer, count: int, address: str) -> list[Browser]:
    browsers = [Browser(server.base_url) for _ in range(count)]
    for browser in browsers:
        browser.get("/login", **{"X-Forwarded-For": address})  # its CSRF token
    return browsers


def failures_logged() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(LoginAttempt.id)))


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(app, database_url):
    factories.make_user("target", role="member")
    db.session.commit()
    home = {"X-Forwarded-For": "198.51.100.7"}
    with GunicornServer(database_url, workers=2, extra_env=RACE) as server:
        # The real user's own browser signed in before: it is a known device.
        own = Browser(server.base_url)
        own.get("/login", **home)
        assert (
            own.post(
                "/login", {"username": "target", "password": factories.PASSWORD}, **home
            ).status
            == 302
        )
        own.get("/meetings/", **home)
        assert own.post("/logout", {}, **home).status == 302

        attackers = ready_browsers(server, PARALLEL, "198.51.100.7")
        wrong = [{"username": "target", "password": f"guess-{n}"} for n in range(PARALLEL)]
        statuses = race(attackers, wrong, [home] * PARALLEL)
        assert statuses.count(401) == 5, statuses  # exactly the limit was checked
        assert statuses.count(429) == PARALLEL - 5, statuses
        assert failures_logged() == 5

        # The limit holds afterwards too, even with the right password...
        late = Browser(server.base_url)
        late.get("/login", **home)
        refused = late.post(
            "/login", {"username": "target", "password": factories.PASSWORD}, **home
        )
        assert refused.status == 429 and refused.headers.get("Retry-After")
        # ...but not for the user's known device on the same address,
        own.get("/login", **home)
        answer = own.post("/login", {"username": "target", "password": factories.PASSWORD}, **home)
        assert answer.status == 302
        # nor for a fresh browser elsewhere.
        elsewhere = {"X-Forwarded-For": "203.0.113.20"}
        fresh = Browser(server.base_url)
        fresh.get("/login", **elsewhere)
        answer = fresh.post(
            "/login", {"username": "target", "password": factories.PASSWORD}, **elsewhere
        )
        assert answer.status == 302


def test_parallel_guesses_across_accounts_stop_at_the_address_limit(app, database_url):
    factories.make_user("target", role="member")
    # Real accounts: each guess costs a real (test-cheap) password check, not the scrypt
    # check of an unknown name, which on this loaded 2-core machine only adds waiting.
    for n in range(PARALLEL):
        factories.make_user(f"user{n}", role="chair")
    db.session.commit()
    office = {"X-Forwarded-For": "192.0.2.50"}
    with GunicornServer(database_url, workers=2, extra_env=RACE) as server:
        own = Browser(server.base_url)
        own.get("/login", **office)
        assert (
            own.post(
                "/login", {"username": "target", "password": factories.PASSWORD}, **office
            ).status
            == 302
        )
        own.get("/meetings/", **office)
        own.post("/logout", {}, **office)

        guessers = ready_browsers(server, PARALLEL, "192.0.2.50")
        names = [{"username": f"user{n}", "password": "wrong-password"} for n in range(PARALLEL)]
        statuses = race(guessers, names, [office] * PARALLEL)
        assert statuses.count(401) == 20, statuses  # LOGIN_MAX_FAILURES_PER_ADDRESS
        assert statuses.count(429) == PARALLEL - 20, statuses
        assert failures_logged() == 20

        # The address is blocked for strangers, not for the user's known device.
        stranger = Browser(server.base_url)
        stranger.get("/login", **office)
        answer = stranger.post(
            "/login", {"username": "target", "password": factories.PASSWORD}, **office
        )
        assert answer.status == 429
        own.get("/login", **office)
        answer = own.post(
            "/login", {"username": "target", "password": factories.PASSWORD}, **office
        )
        assert answer.status == 302
