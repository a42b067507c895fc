"""User administration through the real pages: the secretariat only."""

import pytest
from sqlalchemy import select

from accounts.models import Role, User
from extensions import db
from tests import factories


def create_form(**overrides):
    data = {
        "username": "newchair",
        "display_name": "新主席",
        "role": "chair",
        "participant_id": "0",
        "department_id": "0",
        "new_password": "a-good-password",
        "confirm_password": "a-good-password",
    }
    data.update(overrides)
    return data


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_secretariat_creates_a_chair_who_can_sign_in(client, auth, people):
    auth.login("secretariat")
    response = client.post("/users/new", data=create_form())
    assert response.status_code == 302
    user = user_named("newchair")
    assert user.role is Role.CHAIR and user.display_name == "新主席"
    auth.logout()
    assert auth.login("newchair", "a-good-password").status_code == 302


def test_member_account_needs_a_member_participant(client, auth, people):
    auth.login("secretariat")
    citizen = factories.make_participant("家长乙", kind="citizen")
    member = factories.make_participant("委员丙", kind="member")
    db.session.commit()
    response = client.post("/users/new", data=create_form(username="m2", role="member"))
    assert response.status_code == 422
    assert "必须关联" in response.get_data(as_text=True)
    response = client.post(
        "/users/new", data=create_form(username="m2", role="member", participant_id=citizen.id)
    )
    assert response.status_code == 422
    assert user_named("m2") is None
    response = client.post(
        "/users/new", data=create_form(username="m2", role="member", participant_id=member.id)
    )
    assert response.status_code == 302
    assert user_named("m2").participant_id == member.id


def test_chair_account_cannot_carry_a_department(client, auth, people):
    auth.login("secretariat")
    department_id = people["department"].department_id
    response = client.post("/users/new", data=create_form(department_id=department_id))
    assert response.status_code == 422
    assert user_named("newchair") is None


@pytest.mark.parametrize(
    "password, message",
    [("short-1", "至少需要 10"), ("1234567890123", "不能全是数字"), ("newchair", "至少需要 10")],
)
def test_password_policy_on_create(client, auth, people, password, message):
    auth.login("secretariat")
    response = client.post(
        "/users/new", data=create_form(new_password=password, confirm_password=password)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_named("newchair") is None


def test_password_equal_to_username_is_refused(client, auth, people):
    auth.login("secretariat")
    name = "longusername1"
    response = client.post(
        "/users/new", data=create_form(username=name, new_password=name, confirm_password=name)
    )
    assert response.status_code == 422
    assert "不能与用户名相同" in response.get_data(as_text=True)


def test_duplicate_username_is_refused(client, auth, people):
    auth.login("secretariat")
    response = client.post("/users/new", data=create_form(username="chair"))
    assert response.status_code == 409
    assert "已被占用" in response.get_data(as_text=True)


def test_edit_user_changes_role_and_link(client, auth, people):
    auth.login("secretariat")
    chair = people["chair"]
    department_id = people["department"].department_id
    response = client.post(
        f"/users/{chair.id}/edit",
        data={
            "display_name": "改名",
            "role": "department",
            "participant_id": "0",
            "department_id": str(department_id),
        },
    )
    assert response.status_code == 302
    user = user_named("chair")
    assert (user.display_name, user.role, user.department_id) == (
        "改名",
        Role.DEPARTMENT,
        department_id,
    )


def test_edit_page_and_unknown_user(client, auth, people):
    auth.login("secretariat")
    assert client.get(f"/users/{people['member'].id}/edit").status_code == 200
    assert client.get("/users/99999/edit").status_code == 404
    assert client.post("/users/99999/active", data={"active": "0"}).status_code == 404


def test_deactivate_and_reactivate(client, auth, people):
    auth.login("secretariat")
    member = people["member"]
    assert client.post(f"/users/{member.id}/active", data={"active": "0"}).status_code == 302
    assert user_named("member").active is False
    other = client.application.test_client()
    assert (
        other.post(
            "/login", data={"username": "member", "password": factories.PASSWORD}
        ).status_code
        == 401
    )
    assert client.post(f"/users/{member.id}/active", data={"active": "1"}).status_code == 302
    assert user_named("member").active is True


def test_deactivated_user_loses_running_session(client, auth, people):
    member_client = client.application.test_client()
    member_client.post("/login", data={"username": "member", "password": factories.PASSWORD})
    assert member_client.get("/account/password").status_code == 200
    auth.login("secretariat")
    client.post(f"/users/{people['member'].id}/active", data={"active": "0"})
    assert member_client.get("/account/password").status_code == 302  # back to the login page


def test_secretariat_cannot_lock_themselves_out(client, auth, people):
    auth.login("secretariat")
    me = people["secretariat"]
    client.post(f"/users/{me.id}/active", data={"active": "0"})
    assert user_named("secretariat").active is True
    response = client.post(
        f"/users/{me.id}/edit",
        data={"display_name": "x", "role": "chair", "participant_id": "0", "department_id": "0"},
    )
    assert response.status_code == 409
    assert user_named("secretariat").role is Role.SECRETARIAT


def test_reset_password(client, auth, people):
    auth.login("secretariat")
    member = people["member"]
    response = client.post(
        f"/users/{member.id}/password",
        data={"new_password": "another-pass-9", "confirm_password": "another-pass-9"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/users/{member.id}/password", data={"new_password": "123", "confirm_password": "123"}
    )
    assert response.status_code == 422
    auth.logout()
    assert auth.login("member", "another-pass-9").status_code == 302


def test_list_filters_by_role_and_status(client, auth, people):
    auth.login("secretariat")
    people["chair"].active = False
    db.session.commit()
    text = client.get("/users/?role=member").get_data(as_text=True)
    assert "委员甲" in text and ">chair<" not in text
    text = client.get("/users/?active=no").get_data(as_text=True)
    assert ">chair<" in text and ">member<" not in text


@pytest.mark.parametrize("role", ["chair", "member", "department"])
def test_other_roles_cannot_manage_users(client, auth, people, role):
    auth.login(role)
    target = people["member"]
    assert client.get("/users/").status_code == 403
    assert client.get("/users/new").status_code == 403
    assert client.post("/users/new", data=create_form()).status_code == 403
    assert client.post(f"/users/{target.id}/active", data={"active": "0"}).status_code == 403
    response = client.post(
        f"/users/{target.id}/password",
        data={"new_password": "hijacked-pass-1", "confirm_password": "hijacked-pass-1"},
    )
    assert response.status_code == 403
    assert user_named("newchair") is None
    assert user_named("member").active is True
    assert "用户管理" not in client.get("/account/password").get_data(as_text=True)


def test_secretariat_sees_admin_links(client, auth, people):
    auth.login("secretariat")
    text = client.get("/account/password").get_data(as_text=True)
    assert "用户管理" in text and "审计日志" in text
