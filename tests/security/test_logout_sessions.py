"""Logout ends the session on the server (issue 12).

A cookie copied before logout no longer works after it; the user's other browsers stay
signed in; a remember-me cookie ends with its session. Checked with the test client and
against gunicorn (two processes sharing the database).
"""

from sqlalchemy import func, select

from accounts.models import User, UserSession
from extensions import db
from tests import factories
from tests.conftest import FreshContextClient
from tests.serving import Browser, GunicornServer

PAGE = "/account/password"  # any page that needs a signed-in user


def new_client(app) -> FreshContextClient:
    app.test_client_class = FreshContextClient
    return app.test_client()


def sign_in(client, username="member", remember=False):
    data = {"username": username, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def copy_cookies(source, target, *names) -> None:
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value)


def live_sessions(username="member") -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count(UserSession.id)).join(User).where(User.username == username)
    )


def make_member():
    factories.make_user("member", role="member")
    db.session.commit()


def test_a_cookie_copied_before_logout_is_refused_after_it(app, client):
    make_member()
    sign_in(client)
    thief = new_client(app)
    copy_cookies(client, thief, "session")
    assert thief.get(PAGE).status_code == 200  # the copy works while the session lives
    client.post("/logout")
    assert thief.get(PAGE).status_code == 302
    assert "/login" in thief.get(PAGE).headers["Location"]
    assert live_sessions() == 0


def test_other_browsers_of_the_user_stay_signed_in(app, client):
    make_member()
    sign_in(client)
    laptop = new_client(app)
    sign_in(laptop)
    assert live_sessions() == 2
    client.post("/logout")
    assert client.get(PAGE).status_code == 302
    assert laptop.get(PAGE).status_code == 200
    assert live_sessions() == 1


def test_a_remember_me_cookie_ends_with_its_session(app, client):
    make_member()
    response = sign_in(client, remember=True)
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))
    # A browser that has only the remember-me cookie (the session cookie long gone).
    restarted = new_client(app)
    copy_cookies(client, restarted, "remember_token")
    assert restarted.get(PAGE).status_code == 200
    remembered = client.get_cookie("remember_token").value
    client.post("/logout")
    assert restarted.get(PAGE).status_code == 302  # its session was the same one
    stale = new_client(app)
    stale.set_cookie("remember_token", remembered)  # copied before the logout
    assert stale.get(PAGE).status_code == 302


def test_without_remember_me_no_remember_cookie_is_set(app, client):
    make_member()
    response = sign_in(client)
    assert "remember_token=" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_the_database_holds_no_usable_session_key(app, client):
    """A backup of the database cannot be turned into a session: only hashes are stored."""
    make_member()
    sign_in(client)
    with client.session_transaction() as session:
        key = session["_user_id"].rsplit(":", 1)[1]
    stored = db.session.scalars(select(UserSession.key_hash)).all()
    assert len(stored) == 1 and key not in stored[0] and len(stored[0]) == 64


def test_deactivating_an_account_ends_its_sessions(app, client):
    make_member()
    factories.make_user("secretariat", role="secretariat")
    db.session.commit()
    member = new_client(app)
    sign_in(member)
    sign_in(client, "secretariat")
    target = db.session.scalar(select(User).where(User.username == "member"))
    assert client.post(f"/users/{target.id}/active", data={"active": "0"}).status_code == 302
    assert live_sessions() == 0
    assert member.get(PAGE).status_code == 302


def test_a_password_change_keeps_this_browser_and_ends_the_others(app, client):
    make_member()
    sign_in(client)
    other = new_client(app)
    sign_in(other)
    response = client.post(
        PAGE,
        data={
            "current_password": factories.PASSWORD,
            "new_password": "brand-new-secret",
            "confirm_password": "brand-new-secret",
        },
    )
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200
    assert other.get(PAGE).status_code == 302
    assert live_sessions() == 1


def test_sessions_expire_after_the_longest_remember_me(app, client, monkeypatch):
    from datetime import timedelta

    import accounts.sessions as sessions

    make_member()
    sign_in(client)
    assert client.get(PAGE).status_code == 200
    later = sessions.utcnow() + timedelta(days=15)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert client.get(PAGE).status_code == 302


def test_logout_against_gunicorn_refuses_the_copied_cookie(app, database_url):
    """Two server processes share the sessions through the database."""
    make_member()
    first = GunicornServer(database_url, workers=1).start()
    second = GunicornServer(database_url, workers=1).start()
    try:
        owner = Browser(first.base_url)
        assert owner.login("member", factories.PASSWORD).status == 302
        copy = Browser(second.base_url)
        copy.use_session_cookie(owner.session_cookie(), second.base_url)
        assert copy.get(PAGE).status == 200  # the other process accepts the session
        assert owner.post("/logout", {}).status == 302
        assert copy.get(PAGE).status == 302
        assert owner.get(PAGE).status == 302
        # The owner's other browser was never affected.
        phone = Browser(second.base_url)
        assert phone.login("member", factories.PASSWORD).status == 302
        assert phone.get(PAGE).status == 200
    finally:
        second.stop()
        first.stop()
