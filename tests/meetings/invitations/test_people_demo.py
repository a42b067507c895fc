"""The demo records its main meeting's invitations and attendance through the group and bulk
services: the same records as demo/data.py, in the same order, with the audit trail."""

from sqlalchemy import func, select

from audit.models import AuditEvent
from audit.services import acting_as
from demo import data, people_demo
from demo.loader import ensure_departments, ensure_invitations, ensure_meeting, ensure_people
from extensions import db
from meetings.models import Invitation


def invitation_rows(meeting_id: int) -> list[tuple]:
    return [
        (i.participant.name, i.role.value, i.attendance.value, i.note)
        for i in db.session.scalars(
            select(Invitation).where(Invitation.meeting_id == meeting_id).order_by(Invitation.id)
        )
    ]


def load_main_meeting():
    """The demo loader's steps for its main meeting (the rest of the story is not needed)."""
    people = ensure_people(ensure_departments())
    spec = data.MEETING
    meeting = ensure_meeting(spec, spec["starts_at"], spec["ends_at"], people)
    people_demo.invite_and_mark_attendance(meeting, data.INVITATIONS, people)
    ensure_invitations(meeting, data.INVITATIONS, people)
    return meeting


def test_demo_attendance_is_recorded_in_bulk_and_stays_put(app):
    with acting_as("demo"):
        meeting = load_main_meeting()
        db.session.commit()
    assert invitation_rows(meeting.id) == [tuple(row) for row in data.INVITATIONS]
    marked = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.table_name == "invitation",
            AuditEvent.action == "update",
            AuditEvent.actor_name == "demo",
        )
    )
    assert marked == len(data.INVITATIONS) + 1  # all 23 present (全部出席), then 1 excused
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    with acting_as("demo"):
        load_main_meeting()
        db.session.commit()
    assert invitation_rows(meeting.id) == [tuple(row) for row in data.INVITATIONS]
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events
