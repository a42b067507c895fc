"""Meeting rules, tested without HTTP: create/edit, chair invitation, status life cycle."""

from datetime import datetime, timedelta

import pytest

from common.errors import RuleViolation
from extensions import db
from meetings import services
from meetings.models import (
    ALLOWED_TRANSITIONS,
    InvitationRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from opinions.models import ConsensusPoint
from tests import factories
from tests.meetings.conftest import AFTER, BEFORE, DURING

pytestmark = pytest.mark.usefixtures("request_ctx")

START = datetime(2030, 5, 20, 14, 30)


def meeting_data(**overrides) -> dict:
    data = {
        "title": "  托育服务协商会 ",
        "kind": MeetingKind.INVITE_TO_CONSULT,
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "venue": "区政协三楼会议室",
        "organiser_committee": "教文卫委",
        "description": "",
        "issue_number": 3,
        "opinions_open": True,
    }
    data.update(overrides)
    return data


def test_create_meeting_is_a_draft_with_trimmed_title(app):
    meeting = services.create_meeting(meeting_data())
    assert meeting.id is not None
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.title == "托育服务协商会"
    assert meeting.issue_number == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"ends_at": START},
        {"ends_at": START - timedelta(minutes=1)},
        {"ends_at": None},
        {"title": "  "},
        {"issue_number": 0},
    ],
)
def test_create_meeting_refuses_bad_data(app, overrides):
    with pytest.raises(RuleViolation):
        services.create_meeting(meeting_data(**overrides))


def test_setting_a_chair_invites_them_as_chair(app, chair):
    meeting = services.create_meeting(meeting_data(chair_id=chair.id))
    [invitation] = meeting.invitations
    assert invitation.participant == chair
    assert invitation.role == InvitationRole.CHAIR


def test_chair_already_invited_gets_the_chair_role(app, meeting):
    other = factories.make_participant("李委员")
    factories.make_invitation(meeting, other, role=InvitationRole.SPEAKER)
    services.update_meeting(meeting, {"chair_id": other.id})
    roles = {i.participant.name: i.role for i in meeting.invitations}
    assert roles == {"王主席": InvitationRole.ATTENDEE, "李委员": InvitationRole.CHAIR}
    assert len(meeting.invitations) == 2


def test_clearing_the_chair_keeps_the_invitation_as_attendee(app, meeting):
    services.update_meeting(meeting, {"chair_id": None})
    assert meeting.chair is None
    assert [i.role for i in meeting.invitations] == [InvitationRole.ATTENDEE]


def test_inactive_person_cannot_become_chair(app, meeting):
    retired = factories.make_participant("退休委员", active=False)
    with pytest.raises(RuleViolation):
        services.update_meeting(meeting, {"chair_id": retired.id})


def test_unknown_chair_is_refused(app, meeting):
    with pytest.raises(RuleViolation):
        services.update_meeting(meeting, {"chair_id": 999999})


@pytest.mark.parametrize("status", ["closed", "archived", "cancelled"])
def test_finished_meetings_are_read_only(app, status):
    meeting = factories.make_meeting(status=status)
    with pytest.raises(RuleViolation) as refused:
        services.update_meeting(meeting, {"venue": "别处"})
    assert refused.value.status == 409


@pytest.mark.parametrize("status", ["draft", "scheduled", "held"])
def test_open_meetings_can_be_edited(app, status):
    meeting = factories.make_meeting(status=status)
    services.update_meeting(meeting, {"venue": "区行政中心二楼"})
    assert meeting.venue == "区行政中心二楼"


# ---------------------------------------------------------------- transitions

ALL_EDGES = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets]
REFUSED_EDGES = [
    (a, b)
    for a in MeetingStatus
    for b in MeetingStatus
    if b not in ALLOWED_TRANSITIONS[a] and a != b
]


@pytest.mark.parametrize(("current", "wanted"), ALL_EDGES)
def test_every_allowed_transition(app, chair, current, wanted):
    meeting = factories.make_meeting(status=current, chair=chair)
    if wanted == MeetingStatus.CLOSED:
        add_consensus_point(meeting)  # closing needs one
    services.change_status(meeting, wanted, at=DURING)
    assert meeting.status == wanted


@pytest.mark.parametrize(("current", "wanted"), REFUSED_EDGES)
def test_every_other_transition_is_refused_naming_both_statuses(app, chair, current, wanted):
    meeting = factories.make_meeting(status=current, chair=chair)
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, wanted, at=DURING)
    assert refused.value.status == 409
    assert current.label in refused.value.message
    assert wanted.label in refused.value.message
    assert meeting.status == current


def test_unknown_status_is_refused(app, meeting):
    with pytest.raises(RuleViolation):
        services.change_status(meeting, "postponed")


def test_scheduling_needs_venue_and_chair(app):
    meeting = factories.make_meeting(venue="")
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, MeetingStatus.SCHEDULED)
    message = refused.value.message
    assert "会议地点" in message and "主持人" in message
    assert meeting.status == MeetingStatus.DRAFT


def test_holding_is_refused_before_the_start(app, meeting):
    meeting.status = MeetingStatus.SCHEDULED
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, MeetingStatus.HELD, at=BEFORE)
    assert "2030-05-20 14:30" in refused.value.message
    services.change_status(meeting, MeetingStatus.HELD, at=meeting.starts_at)
    assert meeting.status == MeetingStatus.HELD


def test_holding_reads_the_office_clock(app, meeting, clock):
    meeting.status = MeetingStatus.SCHEDULED
    with pytest.raises(RuleViolation):
        services.change_status(meeting, MeetingStatus.HELD)
    clock.at = AFTER
    services.change_status(meeting, MeetingStatus.HELD)
    assert meeting.status == MeetingStatus.HELD


def test_holding_keeps_the_opinion_window_closing_shuts_it(app, meeting):
    meeting.status = MeetingStatus.SCHEDULED
    meeting.opinions_open = True
    services.change_status(meeting, MeetingStatus.HELD, at=AFTER)
    assert meeting.opinions_open is True
    add_consensus_point(meeting)
    services.change_status(meeting, MeetingStatus.CLOSED)
    assert meeting.opinions_open is False


def test_cancelling_shuts_the_opinion_window(app, meeting):
    meeting.opinions_open = True
    services.change_status(meeting, MeetingStatus.CANCELLED)
    assert meeting.opinions_open is False


def test_closing_consults_the_blockers_hook(app, meeting, monkeypatch):
    meeting.status = MeetingStatus.HELD
    monkeypatch.setattr(services, "closing_blockers", lambda m: ["还没有共识。"])
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, MeetingStatus.CLOSED)
    assert "还没有共识。" in refused.value.message
    assert meeting.status == MeetingStatus.HELD


def test_closing_needs_a_consensus_point(app, meeting):
    meeting.status = MeetingStatus.HELD
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, MeetingStatus.CLOSED)
    assert "共识" in refused.value.message
    add_consensus_point(meeting)
    services.change_status(meeting, MeetingStatus.CLOSED)
    assert meeting.status == MeetingStatus.CLOSED


def add_consensus_point(meeting) -> None:
    db.session.add(ConsensusPoint(meeting=meeting, position=1, text="加大普惠托育投入。"))
    db.session.flush()


# ---------------------------------------------------------------- list


def test_upcoming_and_past_split_by_the_clock_and_sort_each_way(app):
    early = factories.make_meeting("早", starts_at=datetime(2030, 1, 10, 9, 0))
    late = factories.make_meeting("晚", starts_at=datetime(2030, 9, 10, 9, 0))
    older = factories.make_meeting("旧", starts_at=datetime(2029, 3, 1, 9, 0))
    oldest = factories.make_meeting("更旧", starts_at=datetime(2028, 3, 1, 9, 0))
    at = datetime(2029, 12, 31, 0, 0)
    upcoming = db.session.scalars(services.meetings_query("upcoming", at=at)).all()
    past = db.session.scalars(services.meetings_query("past", at=at)).all()
    assert upcoming == [early, late]
    assert past == [older, oldest]


def test_meetings_still_collecting_opinions_have_their_own_tab(app):
    held = factories.make_meeting("已开会仍征集", starts_at=datetime(2029, 3, 1, 9), status="held")
    held.opinions_open = True
    factories.make_meeting("已截止", starts_at=datetime(2029, 4, 1, 9), status="held")
    at = datetime(2029, 12, 31, 0, 0)
    assert db.session.scalars(services.meetings_query("open", at=at)).all() == [held]


def test_meeting_under_way_still_counts_as_upcoming(app, meeting):
    upcoming = db.session.scalars(services.meetings_query("upcoming", at=DURING)).all()
    assert upcoming == [meeting]


def test_list_filters_by_status_and_year(app):
    a = factories.make_meeting(starts_at=datetime(2030, 3, 1, 9), status="scheduled")
    factories.make_meeting(starts_at=datetime(2030, 4, 1, 9), status="draft")
    factories.make_meeting(starts_at=datetime(2031, 3, 1, 9), status="scheduled")
    query = services.meetings_query(
        "upcoming", MeetingStatus.SCHEDULED, 2030, at=datetime(2029, 1, 1)
    )
    assert db.session.scalars(query).all() == [a]
    assert services.meeting_years() == [2031, 2030]


def test_list_page_counts_invitations(app, meeting, clock):
    factories.make_invitation(meeting, factories.make_participant())
    pagination = services.list_meetings_page("upcoming")
    [row] = pagination.items
    assert row.meeting == meeting
    assert row.invited == 2  # the chair and one more


def test_chair_candidates_put_members_and_officials_first(app):
    factories.make_participant("甲家长", kind="citizen")
    factories.make_participant("乙局长", kind="official")
    factories.make_participant("丙委员", kind="member")
    factories.make_participant("丁委员", kind="member", active=False)
    names = [p.name for p in services.chair_candidates()]
    assert names == ["丙委员", "乙局长", "甲家长"]


def test_detail_loader_is_a_404_for_unknown_ids(app):
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        services.load_meeting_for_detail(123456)
    assert db.session.get(Meeting, 123456) is None
