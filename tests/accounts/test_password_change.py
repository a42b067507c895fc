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
