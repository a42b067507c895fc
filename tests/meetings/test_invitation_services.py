"""Invitation rules, tested without HTTP."""

import pytest
from werkzeug.exceptions import NotFound

from common.errors import RuleViolation
from extensions import db
from meetings import invitation_groups, invitations, services
from meetings.models import Attendance, InvitationRole, MeetingStatus
from participants.models import ParticipantKind
from tests import factories
from tests.meetings.conftest import AFTER, BEFORE, DURING

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def people(app):
    """A small directory: members in two sectors, a parent, an agency, an official."""
    return {
        "edu1": factories.make_participant("赵委员", sector="教育界", committee="教文卫委"),
        "edu2": factories.make_participant("钱委员", sector="教育界", committee="经济委"),
        "med": factories.make_participant("孙委员", sector="医药卫生界", committee="教文卫委"),
        "gone": factories.make_participant("李委员", sector="教育界", active=False),
        "parent": factories.make_participant("周女士", kind="citizen"),
        "agency": factories.make_participant("吴园长", kind="agency", committee="教文卫委"),
        "official": factories.make_participant("郑局长", kind="official"),
    }


def names(meeting, role=None):
    return sorted(i.participant.name for i in meeting.invitations if role is None or i.role == role)


def test_bulk_by_sector_skips_inactive(app, meeting, people):
    result = invitation_groups.bulk_invite(meeting, sector="教育界")
    assert (result.invited, result.already) == (2, 0)
    assert names(meeting, InvitationRole.ATTENDEE) == ["赵委员", "钱委员"]


def test_bulk_combines_filters(app, meeting, people):
    result = invitation_groups.bulk_invite(
        meeting, kind=ParticipantKind.MEMBER, committee="教文卫委"
    )
    # 王主席 (the chair, a 教文卫委 member) is already invited.
    assert (result.invited, result.already) == (2, 1)
    assert "吴园长" not in names(meeting)
    assert "钱委员" not in names(meeting)


def test_bulk_twice_counts_the_already_invited(app, meeting, people):
    invitation_groups.bulk_invite(meeting, sector="教育界")
    result = invitation_groups.bulk_invite(meeting, sector="教育界")
    assert (result.invited, result.already) == (0, 2)
    assert len(meeting.invitations) == 3


def test_bulk_default_role_follows_the_kind(app, meeting, people):
    invitation_groups.bulk_invite(meeting, kind=ParticipantKind.CITIZEN)
    invitation_groups.bulk_invite(meeting, kind=ParticipantKind.AGENCY)
    invitation_groups.bulk_invite(meeting, kind=ParticipantKind.OFFICIAL)
    assert names(meeting, InvitationRole.SPEAKER) == ["吴园长", "周女士"]
    assert names(meeting, InvitationRole.RESPONDER) == ["郑局长"]


def test_bulk_with_explicit_role(app, meeting, people):
    invitation_groups.bulk_invite(meeting, sector="医药卫生界", role=InvitationRole.SPEAKER)
    assert names(meeting, InvitationRole.SPEAKER) == ["孙委员"]


def test_bulk_needs_a_filter_and_refuses_the_chair_role(app, meeting, people):
    with pytest.raises(RuleViolation):
        invitation_groups.bulk_invite(meeting)
    with pytest.raises(RuleViolation):
        invitation_groups.bulk_invite(meeting, sector="教育界", role=InvitationRole.CHAIR)


def test_invite_one_and_refuse_duplicates_and_inactive(app, meeting, people):
    invitation = invitations.invite(meeting, people["parent"])
    assert invitation.role == InvitationRole.SPEAKER
    with pytest.raises(RuleViolation) as refused:
        invitations.invite(meeting, people["parent"])
    assert refused.value.status == 409
    with pytest.raises(RuleViolation):
        invitations.invite(meeting, people["gone"])


def test_chair_role_belongs_to_the_meetings_chair_only(app, meeting, people):
    with pytest.raises(RuleViolation):
        invitations.invite(meeting, people["edu1"], role=InvitationRole.CHAIR)
    chair_invitation = meeting.invitations[0]
    with pytest.raises(RuleViolation):
        invitations.update_invitation(chair_invitation, role=InvitationRole.ATTENDEE)
    invitations.update_invitation(chair_invitation, role=InvitationRole.CHAIR, note="主持")
    assert chair_invitation.note == "主持"


def test_present_only_once_the_meeting_started_absent_any_time(app, meeting, people):
    invitation = invitations.invite(meeting, people["edu1"])
    with pytest.raises(RuleViolation):
        invitations.update_invitation(invitation, attendance=Attendance.PRESENT, at=BEFORE)
    invitations.update_invitation(
        invitation, attendance=Attendance.ABSENT, note="外出调研", at=BEFORE
    )
    assert invitation.attendance == Attendance.ABSENT
    invitations.update_invitation(invitation, attendance=Attendance.PRESENT, at=DURING)
    assert invitation.attendance == Attendance.PRESENT


def test_present_allowed_once_held_whatever_the_clock(app, meeting, people):
    invitation = invitations.invite(meeting, people["edu1"])
    meeting.status = MeetingStatus.HELD
    invitations.update_invitation(invitation, attendance=Attendance.PRESENT, at=BEFORE)
    assert invitation.attendance == Attendance.PRESENT


def test_present_uses_the_office_clock(app, meeting, people, clock):
    invitation = invitations.invite(meeting, people["edu1"])
    with pytest.raises(RuleViolation):
        invitations.update_invitation(invitation, attendance=Attendance.PRESENT)
    clock.at = AFTER
    invitations.update_invitation(invitation, attendance=Attendance.PRESENT)


def test_remove_invitation_but_not_the_chairs(app, meeting, people):
    invitation = invitations.invite(meeting, people["edu1"])
    invitations.remove_invitation(invitation)
    assert names(meeting) == ["王主席"]
    with pytest.raises(RuleViolation) as refused:
        invitations.remove_invitation(meeting.invitations[0])
    assert refused.value.status == 409


def test_no_invitation_changes_on_a_closed_meeting(app, meeting, people):
    invitation = invitations.invite(meeting, people["edu1"])
    meeting.status = MeetingStatus.CLOSED
    for attempt in (
        lambda: invitations.invite(meeting, people["edu2"]),
        lambda: invitation_groups.bulk_invite(meeting, sector="教育界"),
        lambda: invitations.update_invitation(invitation, note="x"),
        lambda: invitations.remove_invitation(invitation),
    ):
        with pytest.raises(RuleViolation):
            attempt()


def test_invitation_of_another_meeting_is_a_404(app, meeting, people):
    other = factories.make_meeting()
    foreign = factories.make_invitation(other, people["edu1"])
    with pytest.raises(NotFound):
        invitations.get_invitation_or_404(meeting, foreign.id)
    assert invitations.get_invitation_or_404(other, foreign.id) is foreign


def test_groups_and_counts(app, meeting, people):
    invitation_groups.bulk_invite(meeting, kind=ParticipantKind.CITIZEN)
    invitation_groups.bulk_invite(meeting, sector="教育界")
    invitations.invite(meeting, people["official"], role=InvitationRole.LEADER)
    absent = invitations.invite(meeting, people["med"])
    invitations.update_invitation(absent, attendance=Attendance.ABSENT)
    groups = [
        (role, [i.participant.name for i in rows])
        for role, rows in invitations.grouped_by_role(meeting)
    ]
    assert groups == [
        (InvitationRole.CHAIR, ["王主席"]),
        (InvitationRole.LEADER, ["郑局长"]),
        (InvitationRole.SPEAKER, ["周女士"]),
        (InvitationRole.ATTENDEE, ["孙委员", "赵委员", "钱委员"]),
    ]
    counts = dict(invitations.attendance_counts(meeting))
    assert counts[Attendance.INVITED] == 5
    assert counts[Attendance.ABSENT] == 1
    assert services.READ_ONLY_STATUSES  # imported for completeness of the module API


def test_a_speaker_with_opinions_cannot_be_uninvited(app):
    from opinions.models import Opinion, OpinionChannel

    meeting = factories.make_meeting(status="held")
    speaker = factories.make_participant(kind="agency")
    invitation = factories.make_invitation(meeting, speaker, role="speaker")
    db.session.add(
        Opinion(meeting=meeting, speaker=speaker, title="托位不足", channel=OpinionChannel.ORAL)
    )
    db.session.flush()
    with pytest.raises(RuleViolation) as refused:
        invitations.remove_invitation(invitation)
    assert refused.value.status == 409
    assert speaker.name in refused.value.message
