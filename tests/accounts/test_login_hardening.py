"""Sign-in throttling, no user enumeration, CSRF, cookie flags."""

import pytest
from sqlalchemy import func, select

from accounts.models import LoginAttempt, User
from extensions import db
from tests import factories
from tests.conftest import FreshContextClient, make_test_app

THROTTLED = "登录失败次数过多"


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_account_is_blocked_after_five_failures_even_with_right_password(client, people, clock):
    for _ in range(5):
        assert login(client, "member", "wrong-password").status_code == 401
    response = login(client, "member", factories.PASSWORD)
    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)
    # Another account from another address is not affected.
    assert login(client, "chair", factories.PASSWORD, "10.0.0.2").status_code == 302


def test_block_ends_when_the_window_passes(client, people, clock):
    for _ in range(5):
        login(client, "member", "wrong-password")
    clock.advance(minutes=14)
    assert login(client, "member", factories.PASSWORD).status_code == 429
    clock.advance(minutes=2)
    assert login(client, "member", factories.PASSWORD).status_code == 302


def test_blocked_attempts_do_not_extend_the_block(client, people, clock):
    for _ in range(5):
        login(client, "member", "wrong-password")
    for _ in range(3):
        clock.advance(minutes=5)
        login(client, "member", "wrong-password")  # refused, not counted
    clock.advance(minutes=1)
    assert login(client, "member", factories.PASSWORD).status_code == 302


def test_address_is_blocked_after_twenty_failures_across_accounts(client, people, clock):
    for n in range(20):
        assert login(client, f"guess{n}", "wrong-password", "10.9.9.9").status_code == 401
    assert login(client, "chair", factories.PASSWORD, "10.9.9.9").status_code == 429
    assert login(client, "chair", factories.PASSWORD, "10.9.9.10").status_code == 302


def test_success_clears_the_account_streak(client, people, clock):
    for _ in range(4):
        login(client, "member", "wrong-password")
    assert login(client, "member", factories.PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert login(client, "member", "wrong-password").status_code == 401
    assert login(client, "member", factories.PASSWORD).status_code == 302


def test_attempts_are_shared_through_the_database(app, client, people, clock):
    """A second app (another worker) sees the failures the first one recorded."""
    for _ in range(5):
        login(client, "member", "wrong-password")
    other = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"])
    other.test_client_class = FreshContextClient
    assert login(other.test_client(), "member", factories.PASSWORD).status_code == 429
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 5


def test_old_attempts_are_purged(client, people, clock):
    login(client, "member", "wrong-password")
    clock.advance(hours=1)
    login(client, "chair", "wrong-password")
    db.session.expire_all()
    assert db.session.scalars(select(LoginAttempt.username)).all() == ["chair"]


def test_unknown_user_and_wrong_password_look_the_same(client, people, clock):
    unknown = login(client, "nobody-here", "wrong-password")
    wrong = login(client, "member", "wrong-password")
    inactive_user = db.session.scalar(select(User).where(User.username == "chair"))
    inactive_user.active = False
    db.session.commit()
    inactive = login(client, "chair", factories.PASSWORD)
    assert unknown.status_code == wrong.status_code == inactive.status_code == 401
    bodies = {r.get_data(as_text=True) for r in (unknown, wrong, inactive)}
    texts = [b.split('name="username"')[0] for b in bodies]  # the echoed name differs
    assert len(set(texts)) == 1
    assert "用户名或密码错误" in texts[0]


def test_unknown_user_still_checks_a_hash(client, people, monkeypatch):
    """Timing: an unknown name costs one password check, like a known one."""
    import accounts.services as services

    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    login(client, "nobody-here", "wrong-password")
    assert calls == [services._DUMMY_HASH]


@pytest.fixture
def csrf_client(app, database_url, tmp_path):
    csrf_app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    csrf_app.instance_path = str(tmp_path)
    csrf_app.test_client_class = FreshContextClient
    return csrf_app.test_client()


def test_post_without_csrf_token_fails_and_writes_nothing(csrf_client, people):
    # Sign in properly: read the token from the form, like a browser.
    page = csrf_client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = csrf_client.post(
        "/login",
        data={"username": "secretariat", "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    response = csrf_client.post(
        "/users/new",
        data={
            "username": "sneaky",
            "display_name": "x",
            "role": "chair",
            "participant_id": "0",
            "department_id": "0",
            "new_password": "a-good-password",
            "confirm_password": "a-good-password",
        },
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username == "sneaky")) is None
    response = csrf_client.post(f"/users/{people['member'].id}/active", data={"active": "0"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, people["member"].id).active is True


def test_login_without_csrf_token_fails(csrf_client, people):
    response = csrf_client.post(
        "/login", data={"username": "secretariat", "password": factories.PASSWORD}
    )
    assert response.status_code == 400


def test_session_cookie_flags(app, client, people):
    response = client.post(
        "/login", data={"username": "secretariat", "password": factories.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    secure_app = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], SESSION_COOKIE_SECURE=True)
    secure_app.test_client_class = FreshContextClient
    response = secure_app.test_client().post(
        "/login", data={"username": "secretariat", "password": factories.PASSWORD}
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_session_protection_drops_a_session_moved_to_another_address(client, people):
    """Strong session protection: a cookie replayed from elsewhere is signed out."""
    login(client, "member", factories.PASSWORD, "10.0.0.1")
    here = client.get("/account/password", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert here.status_code == 200
    elsewhere = client.get("/account/password", environ_base={"REMOTE_ADDR": "10.6.6.6"})
    assert elsewhere.status_code == 302


def test_sign_in_and_out_are_audited(client, people):
    from audit.models import AuditAction, AuditEvent

    login(client, "member", factories.PASSWORD, "127.0.0.1")
    client.post("/logout")
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.table_name == "app_user")
        .where(AuditEvent.actor_id == people["member"].id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [AuditAction.LOGIN, AuditAction.LOGOUT]
