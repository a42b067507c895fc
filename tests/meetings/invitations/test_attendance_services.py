"""Bulk attendance: everyone present, then the exceptions; one audit event per change."""

from datetime import datetime

import pytest

from audit.models import AuditEvent
from common.errors import RuleViolation
from extensions import db
from meetings import attendance, invitation_groups
from meetings.models import Attendance, Meeting, MeetingStatus
from tests.meetings.invitations.conftest import invitations_of


@pytest.fixture
def invited(roster):
    """Everyone active of the roster invited (8 with the chair)."""
    meeting = db.session.get(Meeting, roster.meeting_id)
    names = "王喆 张若溪 沈昇 许𠮷安 黄立群 陈珺"
    found = invitation_groups.resolve_names(names)
    invitation_groups.invite_people(meeting, found.people)
    db.session.commit()
    return meeting


def ids_of(roster, *names) -> list[int]:
    rows = invitations_of(roster.meeting_id)
    return [rows[roster.people[n].id].id for n in names]


def attendance_by_name(roster) -> dict[str, Attendance]:
    rows = invitations_of(roster.meeting_id)
    return {i.participant.name: i.attendance for i in rows.values()}


def test_everyone_present_then_the_exceptions(roster, invited):
    result = attendance.mark_everyone_present(invited)
    db.session.commit()
    assert (result.changed, result.unchanged) == (7, 0)
    absent = attendance.mark_attendance(
        invited, ids_of(roster, "沈昇", "陈珺"), Attendance.ABSENT, " 参加培训 "
    )
    declined = attendance.mark_attendance(invited, ids_of(roster, "王喆"), Attendance.DECLINED)
    db.session.commit()
    assert absent.changed == 2 and declined.changed == 1
    states = attendance_by_name(roster)
    assert states["沈昇"] == states["陈珺"] == Attendance.ABSENT
    assert states["王喆"] == Attendance.DECLINED
    assert states["林振声"] == states["许𠮷安"] == Attendance.PRESENT
    notes = {i.participant.name: i.note for i in invitations_of(roster.meeting_id).values()}
    assert notes["沈昇"] == "参加培训" and notes["王喆"] == ""


def test_everyone_present_leaves_excused_and_declined_alone(roster, invited):
    attendance.mark_attendance(invited, ids_of(roster, "沈昇"), Attendance.ABSENT, "出差")
    attendance.mark_attendance(invited, ids_of(roster, "王喆"), Attendance.DECLINED)
    result = attendance.mark_everyone_present(invited)
    assert (result.changed, result.unchanged) == (5, 0)
    states = attendance_by_name(roster)
    assert states["沈昇"] == Attendance.ABSENT and states["王喆"] == Attendance.DECLINED
    again = attendance.mark_everyone_present(invited)
    assert (again.changed, again.unchanged) == (0, 0)


def test_each_change_is_audited_like_a_single_edit(roster, invited):
    before = db.session.scalar(db.select(db.func.max(AuditEvent.id))) or 0
    attendance.mark_attendance(invited, ids_of(roster, "沈昇", "陈珺", "王喆"), Attendance.PRESENT)
    db.session.commit()
    events = list(
        db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id)
        )
    )
    assert len(events) == 3
    assert {e.table_name for e in events} == {"invitation"}
    assert all(e.changes["attendance"] == ["invited", "present"] for e in events)


def test_present_needs_the_meeting_to_have_started(roster, invited, monkeypatch):
    invited.status = MeetingStatus.SCHEDULED
    monkeypatch.setattr(
        "meetings.services.current_time", lambda: invited.starts_at.replace(year=2020)
    )
    with pytest.raises(RuleViolation):
        attendance.mark_everyone_present(invited)
    with pytest.raises(RuleViolation):
        attendance.mark_attendance(invited, ids_of(roster, "王喆"), Attendance.PRESENT)
    # 请假 and declining may be recorded ahead.
    result = attendance.mark_attendance(
        invited, ids_of(roster, "王喆"), Attendance.ABSENT, "外地调研", at=datetime(2020, 1, 1)
    )
    assert result.changed == 1


@pytest.mark.parametrize(
    "status, reason",
    [
        (Attendance.ABSENT, ""),  # 请假 needs its reason
        (Attendance.ABSENT, "长" * 201),
        (Attendance.INVITED, ""),  # not one of the bulk states
        (Attendance.CONFIRMED, ""),
    ],
)
def test_bad_bulk_changes_change_nothing(roster, invited, status, reason):
    with pytest.raises(RuleViolation):
        attendance.mark_attendance(invited, ids_of(roster, "王喆", "沈昇"), status, reason)
    db.session.rollback()
    assert set(attendance_by_name(roster).values()) == {Attendance.INVITED}


def test_ids_of_another_meeting_or_none_are_refused(roster, invited):
    from tests import factories

    other = factories.make_meeting(status="held")
    stranger = factories.make_invitation(other, roster.people["王喆"])
    for ids in ([], [stranger.id], [*ids_of(roster, "沈昇"), stranger.id], [10**12]):
        with pytest.raises(RuleViolation):
            attendance.mark_attendance(invited, ids, Attendance.DECLINED)
    db.session.rollback()
    assert set(attendance_by_name(roster).values()) == {Attendance.INVITED}


def test_closed_meeting_refuses_bulk_attendance(roster, invited):
    invited.status = MeetingStatus.CLOSED
    with pytest.raises(RuleViolation):
        attendance.mark_everyone_present(invited)
