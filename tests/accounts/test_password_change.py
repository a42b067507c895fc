"""Every user changes their own password, knowing the current one."""

import pytest

from tests import factories


def change(client, current, new, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm if confirm is not None else new,
        },
    )


@pytest.mark.parametrize("role", ["secretariat", "chair", "member", "department"])
def test_every_role_changes_own_password(client, auth, people, role):
    auth.login(role)
    assert client.get("/account/password").status_code == 200
    assert change(client, factories.PASSWORD, "brand-new-secret").status_code == 302
    auth.logout()
    assert auth.login(role).status_code == 401
    assert auth.login(role, "brand-new-secret").status_code == 302


def test_wrong_current_password_is_refused(client, auth, people):
    auth.login("member")
    response = change(client, "not-my-password", "brand-new-secret")
    assert response.status_code == 422
    assert "当前密码不正确" in response.get_data(as_text=True)
    auth.logout()
    assert auth.login("member").status_code == 302


def test_new_password_must_follow_policy_and_match(client, auth, people):
    auth.login("member")
    response = change(client, factories.PASSWORD, "member")
    assert response.status_code == 422
    assert "至少需要 10" in response.get_data(as_text=True)
    response = change(client, factories.PASSWORD, "brand-new-secret", "different-secret")
    assert response.status_code == 422
    assert "两次输入的密码不一致" in response.get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_reset_signs_out_the_users_other_sessions(client, auth, people):
    member_client = client.application.test_client()
    member_client.post("/login", data={"username": "member", "password": factories.PASSWORD})
    assert member_client.get("/account/password").status_code == 200
    auth.login("secretariat")
    client.post(
        f"/users/{people['member'].id}/password",
        data={"new_password": "another-pass-9", "confirm_password": "another-pass-9"},
    )
    assert member_client.get("/account/password").status_code == 302  # signed out
    assert client.get("/users/").status_code == 200  # the secretariat is not


def test_own_change_keeps_this_session_and_ends_the_others(client, auth, people):
    other_device = client.application.test_client()
    other_device.post("/login", data={"username": "chair", "password": factories.PASSWORD})
    auth.login("chair")
    assert change(client, factories.PASSWORD, "brand-new-secret").status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other_device.get("/account/password").status_code == 302


def test_secretariat_resets_own_password_and_stays_signed_in(client, auth, people):
    auth.login("secretariat")
    me = people["secretariat"]
    response = client.post(
        f"/users/{me.id}/password",
        data={"new_password": "another-pass-9", "confirm_password": "another-pass-9"},
    )
    assert response.status_code == 302
    assert client.get("/users/").status_code == 200


def test_forged_session_ids_are_refused(app, people):
    from accounts.sessions import load_session_user as load_user
    from accounts.sessions import start_session

    user = people["member"]
    assert load_user(user.get_id()) is None  # no server-side session: never signed in
    key = start_session(user)
    assert load_user(user.get_id()) == user
    assert load_user(str(user.id)) is None
    assert load_user(f"{user.id}:{'0' * 20}") is None
    assert load_user(f"{user.id}:{'0' * 20}:{key}") is None  # the password token is checked
    assert load_user(f"{user.id}:{user.session_token()}:{'x' * 32}") is None
    assert load_user("x:y") is None
    assert load_user("9" * 40) is None
