"""Who may see and manage meetings, enforced on every meetings route (accounts.policy)."""

import pytest

from extensions import db
from meetings.models import MeetingStatus
from tests import factories


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def setting(app, meeting):
    """A scheduled meeting with an invited member, and another meeting they are not in."""
    member = factories.make_participant("受邀委员")
    factories.make_invitation(meeting, member)
    item = factories.make_agenda_item(meeting, title="情况通报")
    meeting.status = MeetingStatus.SCHEDULED
    other = factories.make_meeting("别的协商会", status="scheduled")
    factories.make_user("weiyuan", role="member", participant=member)
    factories.make_user("zhuxi", role="chair")
    db.session.commit()
    invitation = meeting.invitations[-1]
    return meeting, other, invitation, item


def sign_in(client, username):
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


def write_requests(meeting, invitation, item):
    base = f"/meetings/{meeting.id}"
    return [
        ("get", "/meetings/new", None),
        ("post", "/meetings/new", {"title": "x"}),
        ("get", f"{base}/edit", None),
        ("post", f"{base}/edit", {"title": "x"}),
        ("post", f"{base}/status", {"status": "draft"}),
        ("post", f"{base}/invitations/bulk", {"kind": "member"}),
        ("post", f"{base}/invitations", {"participant_id": "1"}),
        ("post", f"{base}/invitations/{invitation.id}", {"role": "speaker"}),
        ("post", f"{base}/invitations/{invitation.id}/delete", None),
        ("post", f"{base}/agenda", {"kind": "other"}),
        ("get", f"{base}/agenda/{item.id}/edit", None),
        ("post", f"{base}/agenda/{item.id}/delete", None),
        ("post", f"{base}/agenda/{item.id}/move", {"direction": "down"}),
    ]


@pytest.mark.parametrize("username", ["weiyuan", "zhuxi"])
def test_only_the_secretariat_manages_meetings(client, setting, username):
    meeting, _other, invitation, item = setting
    sign_in(client, username)
    for method, url, data in write_requests(meeting, invitation, item):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 403, (username, url)
    db.session.expire_all()
    assert meeting.status == MeetingStatus.SCHEDULED
    assert len(meeting.invitations) == 2 and len(meeting.agenda_items) == 1


def test_invited_member_sees_their_meeting_without_controls(client, setting):
    meeting, other, _invitation, _item = setting
    sign_in(client, "weiyuan")
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "完善婴幼儿照护服务协商会" in page and "情况通报" in page
    for control in ("变更状态", "按条件批量邀请", "添加议程", "编辑</a>"):
        assert control not in page, control
    assert client.get(f"/meetings/{meeting.id}/calendar.ics").status_code == 200
    listed = text(client.get("/meetings/"))
    assert "完善婴幼儿照护服务协商会" in listed and "别的协商会" not in listed
    assert "新建会议" not in listed


def test_member_cannot_see_a_meeting_they_are_not_invited_to(client, setting):
    _meeting, other, _invitation, _item = setting
    sign_in(client, "weiyuan")
    assert client.get(f"/meetings/{other.id}").status_code == 404
    assert client.get(f"/meetings/{other.id}/calendar.ics").status_code == 404
    assert client.post(f"/meetings/{other.id}/status", data={"status": "draft"}).status_code == 404


def test_chair_reads_every_meeting(client, setting):
    meeting, other, _invitation, _item = setting
    sign_in(client, "zhuxi")
    assert client.get(f"/meetings/{other.id}").status_code == 200
    listed = text(client.get("/meetings/"))
    assert "完善婴幼儿照护服务协商会" in listed and "别的协商会" in listed
