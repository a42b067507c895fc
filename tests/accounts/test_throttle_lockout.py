"""An attacker who knows a user name cannot keep that user out (issue 12).

Failures lock the address (or the device) that made them, with locks that grow; the account
as a whole is only slowed, past a high ceiling; a browser that signed in before is counted
on its own.
"""

import pytest
from sqlalchemy import func, select

from accounts.devices import COOKIE
from accounts.models import LoginAttempt, LoginThrottle
from extensions import db
from tests import factories
from tests.conftest import FreshContextClient

THROTTLED = "登录失败次数过多"
ATTACKER, USER = "10.6.6.6", "10.0.0.1"


def login(client, username, password, address=USER, **extra):
    return client.post(
        "/login",
        data={"username": username, "password": password, **extra},
        environ_base={"REMOTE_ADDR": address},
    )


def new_client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


def device_cookie(client):
    return client.get_cookie(COOKIE, path="/login")


def test_failures_from_another_address_do_not_lock_the_user_out(client, people, clock):
    for _ in range(5):
        assert login(client, "member", "wrong-password", ATTACKER).status_code == 401
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 429
    assert login(client, "member", factories.PASSWORD, USER).status_code == 302


def test_locks_grow_each_time_the_same_address_fails_again(client, people, clock):
    for _ in range(5):
        login(client, "member", "wrong-password", ATTACKER)
    clock.advance(minutes=16)  # the first lock was 15 minutes
    for _ in range(5):
        assert login(client, "member", "wrong-password", ATTACKER).status_code == 401
    clock.advance(minutes=29)
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 429
    clock.advance(minutes=2)  # the second lock was 30 minutes
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 302


def test_a_refusal_says_how_long_to_wait(client, people, clock):
    for _ in range(5):
        login(client, "member", "wrong-password", ATTACKER)
    clock.advance(minutes=5)
    response = login(client, "member", factories.PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert 595 <= int(response.headers["Retry-After"]) <= 600
    assert "请等待 10 分钟后再试" in response.get_data(as_text=True)


def test_a_known_device_signs_in_whatever_its_address_suffered(app, client, people, clock):
    assert login(client, "member", factories.PASSWORD, USER).status_code == 302
    assert device_cookie(client) is not None
    client.post("/logout", environ_base={"REMOTE_ADDR": USER})
    # A stranger behind the same address uses up the account's and the address's limits.
    stranger = new_client(app)
    for n in range(25):
        login(stranger, "member" if n < 5 else f"guess{n}", "wrong-password", USER)
    assert login(stranger, "member", factories.PASSWORD, USER).status_code == 429
    assert login(client, "member", factories.PASSWORD, USER).status_code == 302


def test_a_device_cookie_counts_only_for_its_own_account(app, client, people, clock):
    login(client, "member", factories.PASSWORD, USER)
    client.post("/logout", environ_base={"REMOTE_ADDR": USER})
    for _ in range(5):
        login(client, "chair", "wrong-password", ATTACKER)
    assert login(client, "chair", factories.PASSWORD, ATTACKER).status_code == 429


def test_a_forged_device_cookie_is_ignored(app, client, people, clock):
    client.set_cookie(COOKIE, "WzMsImZvcmdlZCJd.not-a-signature", path="/login")
    for _ in range(5):
        login(client, "member", "wrong-password", ATTACKER)
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 429


def test_a_known_device_has_its_own_limit(app, client, people, clock):
    """A stolen device cookie buys five guesses, not unlimited ones."""
    login(client, "member", factories.PASSWORD, USER)
    client.post("/logout", environ_base={"REMOTE_ADDR": USER})
    for _ in range(5):
        assert login(client, "member", "wrong-password", ATTACKER).status_code == 401
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 429
    # The address's own count for the account was never touched: a fresh browser there may try.
    assert login(new_client(app), "member", factories.PASSWORD, ATTACKER).status_code == 302


def test_past_the_ceiling_an_account_is_slowed_not_locked(app, client, people, clock):
    app.config.update(LOGIN_ACCOUNT_CEILING=8, LOGIN_ACCOUNT_SLOW_SECONDS=10)
    try:
        for n in range(8):  # eight addresses, each below its own limit
            assert login(client, "member", "wrong-password", f"10.1.0.{n}").status_code == 401
        refused = login(client, "member", factories.PASSWORD, USER)
        assert refused.status_code == 429
        assert "请等待 10 秒后再试" in refused.get_data(as_text=True)
        assert refused.headers["Retry-After"] == "10"
        clock.advance(seconds=11)
        assert login(client, "member", factories.PASSWORD, USER).status_code == 302
    finally:
        app.config.update(LOGIN_ACCOUNT_CEILING=100, LOGIN_ACCOUNT_SLOW_SECONDS=10)


def test_refused_attempts_check_no_password_and_log_nothing(client, people, clock, monkeypatch):
    import accounts.services as services

    for _ in range(5):
        login(client, "member", "wrong-password", ATTACKER)
    checks = []
    real = services.authenticate
    monkeypatch.setattr(services, "authenticate", lambda *a, **k: checks.append(1) or real(*a, **k))
    for _ in range(10):
        assert login(client, "member", "wrong-password", ATTACKER).status_code == 429
    assert checks == []
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 5


def test_a_success_gives_back_the_address_unit_it_reserved(client, people, clock):
    for _ in range(3):
        login(client, "member", factories.PASSWORD, USER)
        client.post("/logout", environ_base={"REMOTE_ADDR": USER})
    db.session.expire_all()
    address = db.session.get(LoginThrottle, f"address:{USER}")
    assert address is not None and address.failures == 0
    assert db.session.get(LoginThrottle, f"pair:{USER}|member") is None


@pytest.mark.parametrize("username", ["member", "nobody-here"])
def test_unknown_and_known_names_are_throttled_alike(client, people, clock, username):
    for _ in range(5):
        assert login(client, username, "wrong-password", ATTACKER).status_code == 401
    assert login(client, username, "wrong-password", ATTACKER).status_code == 429


def test_idle_counters_are_purged_and_old_locks_forgotten(client, people, clock):
    for _ in range(5):
        login(client, "member", "wrong-password", ATTACKER)
    clock.advance(days=3)
    login(client, "chair", factories.PASSWORD, USER)
    db.session.expire_all()
    keys = set(db.session.scalars(select(LoginThrottle.key)))
    assert not any(ATTACKER in key or key == "account:member" for key in keys), keys
    # Back after the quiet days, the attacker's address starts again at the first, short lock.
    for _ in range(5):
        assert login(client, "member", "wrong-password", ATTACKER).status_code == 401
    clock.advance(minutes=16)
    assert login(client, "member", factories.PASSWORD, ATTACKER).status_code == 302
