"""Who may use the directory: every participants/departments route for every role."""

import pytest

from extensions import db
from participants.models import Department, Participant
from tests import factories

ROLES = ["secretariat", "chair", "member", "department"]


@pytest.fixture
def world(app):
    own_department = factories.make_department("本局")
    other_department = factories.make_department("他局")
    me = factories.make_participant("本人委员", kind="member")
    other = factories.make_participant("他人委员", kind="member")
    factories.make_user("secretariat", role="secretariat")
    factories.make_user("chair", role="chair")
    factories.make_user("member", role="member", participant=me)
    factories.make_user("department", role="department", department=own_department)
    db.session.commit()
    return {
        "me": me.id,
        "other": other.id,
        "own_department": own_department.id,
        "other_department": other_department.id,
    }


def sign_in(client, auth, role):
    assert auth.login(role).status_code == 302
    return client


def reads(world):
    return {
        "participant list": ("/participants/", {"secretariat", "chair"}),
        "own record": (f"/participants/{world['me']}", {"secretariat", "chair", "member"}),
        "other record": (f"/participants/{world['other']}", {"secretariat", "chair"}),
        "department list": ("/departments/", {"secretariat", "chair"}),
        "own department": (
            f"/departments/{world['own_department']}",
            {"secretariat", "chair", "department"},
        ),
        "other department": (f"/departments/{world['other_department']}", {"secretariat", "chair"}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_read_access(client, auth, world, role):
    sign_in(client, auth, role)
    for name, (url, allowed) in reads(world).items():
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, name
        else:
            assert status in (403, 404), name


def test_a_member_cannot_even_learn_whether_another_record_exists(client, auth, world):
    sign_in(client, auth, "member")
    assert client.get(f"/participants/{world['other']}").status_code == 404
    assert client.get("/participants/").status_code == 403


@pytest.mark.parametrize("role", ["chair", "member", "department"])
def test_only_the_secretariat_changes_the_directory(client, auth, world, role):
    sign_in(client, auth, role)
    me, dept = world["me"], world["own_department"]
    requests = [
        ("get", "/participants/new", {}),
        ("post", "/participants/new", {"name": "新人", "kind": "citizen"}),
        ("get", f"/participants/{me}/edit", {}),
        ("post", f"/participants/{me}/edit", {"name": "改名", "kind": "member"}),
        ("post", f"/participants/{me}/deactivate", {}),
        ("post", f"/participants/{me}/delete", {}),
        ("get", "/departments/new", {}),
        ("post", "/departments/new", {"name": "新局"}),
        ("get", f"/departments/{dept}/edit", {}),
        ("post", f"/departments/{dept}/edit", {"name": "改局"}),
        ("post", f"/departments/{dept}/deactivate", {}),
    ]
    for method, url, data in requests:
        assert getattr(client, method)(url, data=data).status_code in (403, 404), url
    db.session.expire_all()
    assert db.session.get(Participant, me).name == "本人委员"
    assert db.session.get(Participant, me).active
    assert db.session.get(Department, dept).name == "本局"
    assert db.session.query(Participant).count() == 2


def test_readers_see_no_change_buttons(client, auth, world):
    sign_in(client, auth, "chair")
    page = client.get(f"/participants/{world['me']}").get_data(as_text=True)
    assert "/edit" not in page and "/delete" not in page
    assert "新增人员" not in client.get("/participants/").get_data(as_text=True)
    page = client.get(f"/departments/{world['own_department']}").get_data(as_text=True)
    assert "/deactivate" not in page
