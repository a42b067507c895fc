"""Invitation routes over HTTP."""

import pytest

from extensions import db
from meetings.models import Attendance, Invitation, InvitationRole, MeetingStatus
from tests import factories
from tests.meetings.conftest import AFTER


def text(response) -> str:
    return response.get_data(as_text=True)


def invitations_of(meeting_id: int) -> dict[str, Invitation]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(Invitation).where(Invitation.meeting_id == meeting_id))
    return {i.participant.name: i for i in rows}


@pytest.fixture
def members(app):
    people = [
        factories.make_participant("赵委员", sector="教育界"),
        factories.make_participant("钱委员", sector="教育界"),
        factories.make_participant("孙委员", sector="经济界"),
        factories.make_participant("李委员", sector="教育界", active=False),
    ]
    db.session.commit()
    return people


def test_invitations_page_offers_sectors_for_bulk_invite(logged_in, meeting, members):
    page = text(logged_in.get(f"/meetings/{meeting.id}/invitations"))
    assert '<option value="教育界">' in page and "按条件批量邀请" in page


def test_bulk_invite_by_sector(logged_in, meeting, members):
    url = f"/meetings/{meeting.id}/invitations/bulk"
    response = logged_in.post(url, data={"sector": "教育界"}, follow_redirects=True)
    assert "新邀请 2 人，0 人此前已邀请" in text(response)
    assert set(invitations_of(meeting.id)) == {"王主席", "赵委员", "钱委员"}
    response = logged_in.post(
        url, data={"sector": "教育界", "kind": "member"}, follow_redirects=True
    )
    assert "新邀请 0 人，2 人此前已邀请" in text(response)


def test_bulk_invite_with_role(logged_in, meeting, members):
    logged_in.post(
        f"/meetings/{meeting.id}/invitations/bulk", data={"sector": "经济界", "role": "speaker"}
    )
    assert invitations_of(meeting.id)["孙委员"].role == InvitationRole.SPEAKER


@pytest.mark.parametrize(
    "data", [{}, {"role": "speaker"}, {"kind": "alien"}, {"sector": "不存在的界别"}]
)
def test_bulk_invite_bad_input_is_422(logged_in, meeting, members, data):
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/bulk", data=data)
    assert response.status_code == 422
    assert len(invitations_of(meeting.id)) == 1


def test_bulk_invite_message_for_missing_filter(logged_in, meeting, members):
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/bulk", data={})
    assert "请至少选择类别、界别或专委会中的一项" in text(response)


def test_invite_one(logged_in, meeting, members):
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations",
        data={"participant_id": str(members[2].id), "role": "leader"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/invitations")
    assert invitations_of(meeting.id)["孙委员"].role == InvitationRole.LEADER


def test_invite_one_twice_is_409(logged_in, meeting, members):
    url = f"/meetings/{meeting.id}/invitations"
    logged_in.post(url, data={"participant_id": str(members[0].id)})
    response = logged_in.post(url, data={"participant_id": str(members[0].id)})
    assert response.status_code == 409
    assert "已在邀请名单中" in text(response)


@pytest.mark.parametrize("participant", ["", "abc", "999999", "inactive"])
def test_invite_one_bad_person_is_422(logged_in, meeting, members, participant):
    if participant == "inactive":
        participant = str(members[3].id)
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations", data={"participant_id": participant}
    )
    assert response.status_code == 422
    assert len(invitations_of(meeting.id)) == 1


def test_invite_as_chair_is_refused(logged_in, meeting, members):
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations",
        data={"participant_id": str(members[0].id), "role": "chair"},
    )
    assert response.status_code == 422
    assert "主持人在会议信息中设定" in text(response)


def test_update_role_attendance_note(logged_in, meeting, members, clock):
    invitation = factories.make_invitation(meeting, members[0])
    db.session.commit()
    url = f"/meetings/{meeting.id}/invitations/{invitation.id}"
    response = logged_in.post(
        url, data={"role": "speaker", "attendance": "absent", "note": "赴外地学习"}
    )
    assert response.status_code == 302
    saved = invitations_of(meeting.id)["赵委员"]
    assert (saved.role, saved.attendance, saved.note) == (
        InvitationRole.SPEAKER,
        Attendance.ABSENT,
        "赴外地学习",
    )
    response = logged_in.post(url, data={"role": "speaker", "attendance": "present"})
    assert response.status_code == 422
    assert "会议开始后才能登记出席" in text(response)
    clock.at = AFTER
    response = logged_in.post(url, data={"role": "speaker", "attendance": "present"})
    assert response.status_code == 302
    assert invitations_of(meeting.id)["赵委员"].attendance == Attendance.PRESENT


def test_update_bad_values_is_422(logged_in, meeting, members):
    invitation = factories.make_invitation(meeting, members[0])
    db.session.commit()
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations/{invitation.id}",
        data={"role": "king", "attendance": "maybe"},
    )
    assert response.status_code == 422
    assert invitations_of(meeting.id)["赵委员"].role == InvitationRole.ATTENDEE


def test_chair_role_cannot_be_taken_away_in_the_row(logged_in, meeting):
    chair_invitation = invitations_of(meeting.id)["王主席"]
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations/{chair_invitation.id}",
        data={"role": "attendee", "attendance": "confirmed"},
    )
    assert response.status_code == 409
    assert invitations_of(meeting.id)["王主席"].attendance == Attendance.INVITED


def test_remove_invitation(logged_in, meeting, members):
    invitation = factories.make_invitation(meeting, members[0])
    db.session.commit()
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/{invitation.id}/delete")
    assert response.status_code == 302
    assert "赵委员" not in invitations_of(meeting.id)


def test_remove_the_chair_is_409(logged_in, meeting):
    chair_invitation = invitations_of(meeting.id)["王主席"]
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/{chair_invitation.id}/delete")
    assert response.status_code == 409
    assert "王主席" in invitations_of(meeting.id)


def test_foreign_or_unknown_invitation_is_404(logged_in, meeting, members):
    other = factories.make_meeting()
    foreign = factories.make_invitation(other, members[0])
    db.session.commit()
    base = f"/meetings/{meeting.id}/invitations"
    assert (
        logged_in.post(
            f"{base}/{foreign.id}", data={"role": "attendee", "attendance": "invited"}
        ).status_code
        == 404
    )
    assert logged_in.post(f"{base}/{foreign.id}/delete").status_code == 404
    assert logged_in.post(f"{base}/99999/delete").status_code == 404
    assert (
        logged_in.post("/meetings/99999/invitations/bulk", data={"sector": "教育界"}).status_code
        == 404
    )
    assert (
        logged_in.post("/meetings/99999/invitations", data={"participant_id": "1"}).status_code
        == 404
    )
    assert "赵委员" in invitations_of(other.id)


def test_closed_meeting_refuses_invitation_changes(logged_in, meeting, members):
    meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/bulk", data={"sector": "教育界"})
    assert response.status_code == 409
    assert len(invitations_of(meeting.id)) == 1
    for url in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/invitations"):
        page = text(logged_in.get(url))
        assert "按条件批量邀请" not in page and "邀请个人" not in page


def test_simultaneous_invitation_is_a_409_not_a_500(logged_in, meeting, members, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    def clash(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO invitation", {}, Exception("unique"))

    monkeypatch.setattr("meetings.invitations.invite", clash)
    monkeypatch.setattr("meetings.invitation_groups.bulk_invite", clash)
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations", data={"participant_id": str(members[0].id)}
    )
    assert response.status_code == 409
    assert "其他人同时修改了邀请名单" in text(response)
    response = logged_in.post(f"/meetings/{meeting.id}/invitations/bulk", data={"sector": "教育界"})
    assert response.status_code == 409
