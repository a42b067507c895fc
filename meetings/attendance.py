"""Attendance for many invitees at once: everyone present, then the exceptions.

Each invitation is changed through the ORM, one row at a time, so the audit trail records
every change exactly as it records a single edit on the invitations page.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from common.converters import is_id
from common.errors import RuleViolation
from extensions import db
from meetings import services
from meetings.invitations import check_attendance
from meetings.models import Attendance, Invitation, Meeting

# What the bulk form may set; 'confirmed' comes from the invitee's own answer.
BULK_ATTENDANCE = (Attendance.PRESENT, Attendance.ABSENT, Attendance.DECLINED)
# "Everyone present" leaves alone whoever has already excused themselves or declined.
STILL_EXPECTED = (Attendance.INVITED, Attendance.CONFIRMED)
REASON_LENGTH = 200  # Invitation.note


@dataclass
class AttendanceResult:
    changed: int
    unchanged: int


def _apply(
    invitations: list[Invitation], attendance: Attendance, note: str | None
) -> AttendanceResult:
    result = AttendanceResult(changed=0, unchanged=0)
    for invitation in invitations:
        if invitation.attendance == attendance and (note is None or invitation.note == note):
            result.unchanged += 1
            continue
        invitation.attendance = attendance
        if note is not None:
            invitation.note = note
        result.changed += 1
    db.session.flush()
    return result


def mark_everyone_present(meeting: Meeting, at: datetime | None = None) -> AttendanceResult:
    """全部出席: every invitee still expected (invited or confirmed) is marked present."""
    services.ensure_editable(meeting)
    check_attendance(meeting, Attendance.PRESENT, at)
    expected = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.meeting_id == meeting.id, Invitation.attendance.in_(STILL_EXPECTED))
            .order_by(Invitation.id)
        )
    )
    return _apply(expected, Attendance.PRESENT, None)


def mark_attendance(
    meeting: Meeting,
    invitation_ids: list[int],
    attendance: Attendance,
    reason: str = "",
    at: datetime | None = None,
) -> AttendanceResult:
    """Mark the chosen invitations present, absent (请假, with its reason) or declined.

    Every id must be one of this meeting's invitations, else nothing is changed.
    """
    services.ensure_editable(meeting)
    if attendance not in BULK_ATTENDANCE:
        raise RuleViolation(_("Choose present, excused absence or declined."))
    ids = set(invitation_ids)
    if not all(is_id(i) for i in ids):  # INTEGER column: nothing larger can match
        raise RuleViolation(_("Tick people from the list."))
    if not ids:
        raise RuleViolation(_("Tick at least one person."))
    reason = (reason or "").strip()
    if attendance == Attendance.ABSENT and not reason:
        raise RuleViolation(_("Give the reason for the excused absence (请假)."))
    if len(reason) > REASON_LENGTH:
        raise RuleViolation(_("The reason may have at most %(n)s characters.", n=REASON_LENGTH))
    check_attendance(meeting, attendance, at)
    chosen = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.meeting_id == meeting.id, Invitation.id.in_(ids))
            .order_by(Invitation.id)
        )
    )
    if len(chosen) != len(ids):
        raise RuleViolation(
            _(
                "Some of the people ticked are no longer invited to this meeting. "
                "Reload the page and try again."
            ),
            409,
        )
    return _apply(chosen, attendance, reason if attendance == Attendance.ABSENT else None)
