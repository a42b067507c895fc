"""Browsing the trail: secretariat and chair only, filters, and no way to change it."""

from datetime import timedelta

import pytest

from audit.models import AuditAction
from common.models import now
from extensions import db
from tests import factories


@pytest.fixture
def trail(app):
    """Users of every role, and a few changes made by them and by the system."""
    users = {role: factories.make_user(role, role=role) for role in ("secretariat", "chair")}
    users["member"] = factories.make_user(
        "member", role="member", participant=factories.make_participant("委员戊")
    )
    users["department"] = factories.make_user(
        "department", role="department", department=factories.make_department("区财政局")
    )
    meeting = factories.make_meeting("普惠托育协商会")
    db.session.commit()
    meeting.status = "scheduled"
    db.session.commit()
    return users, meeting


@pytest.mark.parametrize(
    "role, status", [("secretariat", 200), ("chair", 200), ("member", 403), ("department", 403)]
)
def test_who_may_browse(client, auth, trail, role, status):
    auth.login(role)
    assert client.get("/audit/").status_code == status
    page = client.get("/account/password").get_data(as_text=True)
    assert ("审计日志" in page) is (status == 200)


def test_anonymous_is_sent_to_login(client, trail):
    assert client.get("/audit/").status_code == 302


def test_lists_changes_with_before_and_after(client, auth, trail):
    auth.login("chair")
    text = client.get("/audit/").get_data(as_text=True)
    assert "普惠托育协商会" in text
    assert "草稿 → 已排期" in text  # the status by its labels, not draft → scheduled
    assert "状态变更" in text


def test_filters(client, auth, trail):
    users, meeting = trail
    auth.login("secretariat")
    text = client.get("/audit/?table=meeting").get_data(as_text=True)
    assert "普惠托育协商会" in text and "委员戊" not in text
    text = client.get("/audit/?action=status").get_data(as_text=True)
    assert "草稿 → 已排期" in text and "委员戊" not in text
    meeting_row = f'<span class="text-muted">会议</span> #{meeting.id}'
    text = client.get(f"/audit/?table=meeting&record={meeting.id}").get_data(as_text=True)
    assert text.count(meeting_row) == 2
    text = client.get(f"/audit/?table=meeting&record={meeting.id + 1000}").get_data(as_text=True)
    assert meeting_row not in text
    # Sign-ins are made by a user: filter by actor.
    user_row = '<span class="text-muted">用户账号</span>'
    text = client.get(f"/audit/?actor={users['secretariat'].id}").get_data(as_text=True)
    assert user_row in text and meeting_row not in text
    text = client.get("/audit/?actor=system").get_data(as_text=True)
    assert meeting_row in text and user_row in text  # made by the factories, no user
    assert "登录" not in text.split("<tbody>")[1]
    assert "<td>系统</td>" in text  # the actor "system", translated
    today = now().date()
    text = client.get(f"/audit/?date_from={today}&date_to={today}").get_data(as_text=True)
    assert meeting_row in text
    tomorrow = today + timedelta(days=1)
    text = client.get(f"/audit/?date_from={tomorrow}").get_data(as_text=True)
    assert meeting_row not in text


def test_bad_filter_is_422_not_500(client, auth, trail):
    auth.login("secretariat")
    assert client.get("/audit/?date_from=yesterday").status_code == 422
    assert client.get("/audit/?record=abc").status_code == 422
    assert client.get("/audit/?page=999").status_code == 200


def test_pagination(client, auth, trail, app):
    app.config["PAGE_SIZE"] = 2
    try:
        auth.login("secretariat")
        text = client.get("/audit/").get_data(as_text=True)
        assert "pagination" in text
        assert client.get("/audit/?page=2").status_code == 200
    finally:
        app.config["PAGE_SIZE"] = 50


def test_no_route_changes_the_trail(client, auth, trail, app):
    audit_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert {m for r in audit_rules for m in r.methods} <= {"GET", "HEAD", "OPTIONS"}
    auth.login("secretariat")
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/audit/").status_code == 405
    assert client.post("/audit/1").status_code == 404


def test_sign_in_is_in_the_trail(client, auth, trail):
    users, _ = trail
    auth.login("secretariat")
    text = client.get(f"/audit/?action={AuditAction.LOGIN.value}").get_data(as_text=True)
    assert '<span class="text-muted">用户账号</span>' in text and "登录" in text


def test_out_of_range_input_is_never_a_500(client, auth, trail):
    auth.login("secretariat")
    assert client.get("/audit/?actor=nobody").status_code == 422
    assert client.get("/audit/?actor=99999999999999999999").status_code == 422
    assert client.get("/audit/?table=no_such_table").status_code == 422
    assert client.get("/audit/?record=99999999999999999999").status_code == 422
    assert client.get("/audit/?page=99999999999999999999").status_code == 200
    assert client.get("/users/?page=99999999999999999999").status_code == 200
    assert client.get("/users/99999999999999999999/edit").status_code == 404
