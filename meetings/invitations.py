"""Invitations (邀请): who comes to a meeting, in which role, and whether they came."""

from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from common.converters import is_id
from common.errors import RuleViolation
from extensions import db
from meetings import hooks, services
from meetings.models import Attendance, Invitation, InvitationRole, Meeting, MeetingStatus
from participants.models import Participant, ParticipantKind

# The role a person gets when a bulk invitation does not name one.
DEFAULT_ROLE_BY_KIND: dict[ParticipantKind, InvitationRole] = {
    ParticipantKind.MEMBER: InvitationRole.ATTENDEE,
    ParticipantKind.CITIZEN: InvitationRole.SPEAKER,
    ParticipantKind.AGENCY: InvitationRole.SPEAKER,
    ParticipantKind.OFFICIAL: InvitationRole.RESPONDER,
    ParticipantKind.EXPERT: InvitationRole.ATTENDEE,
}

# Order of the groups on the detail page and in the minutes.
ROLE_ORDER = (
    InvitationRole.CHAIR,
    InvitationRole.LEADER,
    InvitationRole.SPEAKER,
    InvitationRole.RESPONDER,
    InvitationRole.ATTENDEE,
)

KIND_ORDER = {kind: n for n, kind in enumerate(ParticipantKind)}


def get_invitation_or_404(meeting: Meeting, invitation_id: int) -> Invitation:
    """The invitation, provided it belongs to this meeting (another meeting's id is a 404)."""
    if not is_id(invitation_id):  # INTEGER column: a larger id is a miss
        abort(404)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.meeting_id != meeting.id:
        abort(404)
    return invitation


def default_role(participant: Participant) -> InvitationRole:
    return DEFAULT_ROLE_BY_KIND.get(participant.kind, InvitationRole.ATTENDEE)


def _check_role(meeting: Meeting, participant: Participant, role: InvitationRole) -> None:
    """The chair role follows the meeting's chair field, and only it."""
    is_chair = meeting.chair_id == participant.id
    if role == InvitationRole.CHAIR and not is_chair:
        raise RuleViolation(
            _("The chair is chosen on the meeting itself: edit the meeting to change the chair.")
        )
    if is_chair and role != InvitationRole.CHAIR:
        raise RuleViolation(
            _(
                "%(name)s chairs this meeting; choose another chair first to change their role.",
                name=participant.name,
            ),
            409,
        )


def check_attendance(meeting: Meeting, attendance: Attendance, at: datetime | None) -> None:
    """Presence can be recorded once the meeting is held or has started; 请假 any time."""
    if attendance != Attendance.PRESENT or meeting.status == MeetingStatus.HELD:
        return
    at = at or services.current_time()
    if meeting.starts_at > at:
        raise RuleViolation(
            _(
                "Presence can be recorded only once the meeting has started; "
                "an excused absence (请假) may be recorded ahead."
            )
        )


def invite(
    meeting: Meeting,
    participant: Participant,
    role: InvitationRole | None = None,
    attendance: Attendance = Attendance.INVITED,
    note: str = "",
    at: datetime | None = None,
) -> Invitation:
    """Invite one person. Refuses someone already invited or no longer active."""
    services.ensure_editable(meeting)
    if not participant.active:
        raise RuleViolation(
            _("%(name)s is no longer active and cannot be invited.", name=participant.name)
        )
    existing = db.session.scalar(
        select(Invitation.id).where(
            Invitation.meeting_id == meeting.id, Invitation.participant_id == participant.id
        )
    )
    if existing is not None:
        raise RuleViolation(_("%(name)s is already invited.", name=participant.name), 409)
    role = role or default_role(participant)
    _check_role(meeting, participant, role)
    check_attendance(meeting, attendance, at)
    invitation = Invitation(
        meeting=meeting,
        participant=participant,
        role=role,
        attendance=attendance,
        note=(note or "").strip(),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def update_invitation(
    invitation: Invitation,
    role: InvitationRole | None = None,
    attendance: Attendance | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> Invitation:
    """Change role, attendance (出席/请假/...) or note; None leaves a field as it is."""
    meeting = invitation.meeting
    services.ensure_editable(meeting)
    if role is not None:
        _check_role(meeting, invitation.participant, InvitationRole(role))
        invitation.role = InvitationRole(role)
    if attendance is not None:
        check_attendance(meeting, Attendance(attendance), at)
        invitation.attendance = Attendance(attendance)
    if note is not None:
        invitation.note = note.strip()
    db.session.flush()
    return invitation


def remove_invitation(invitation: Invitation) -> None:
    meeting = invitation.meeting
    services.ensure_editable(meeting)
    if meeting.chair_id == invitation.participant_id:
        raise RuleViolation(
            _(
                "%(name)s chairs this meeting; choose another chair before removing them.",
                name=invitation.participant.name,
            ),
            409,
        )
    if reasons := hooks.removal_blockers(invitation):
        raise RuleViolation(" ".join(reasons), 409)
    meeting.invitations.remove(invitation)
    db.session.delete(invitation)
    db.session.flush()


def grouped_by_role(meeting: Meeting) -> list[tuple[InvitationRole, list[Invitation]]]:
    """Invitations in role groups (chair, leader, speakers, responders, attendees).

    Within a group: by kind (members first), then name. Uses the loaded invitations.
    """
    groups: list[tuple[InvitationRole, list[Invitation]]] = []
    for role in ROLE_ORDER:
        members = [i for i in meeting.invitations if i.role == role]
        members.sort(key=lambda i: (KIND_ORDER[i.participant.kind], i.participant.name, i.id))
        if members:
            groups.append((role, members))
    return groups


def attendance_counts(meeting: Meeting) -> list[tuple[Attendance, int]]:
    """How many are invited, confirmed, declined, present, excused: every status, in order."""
    counts = {status: 0 for status in Attendance}
    for invitation in meeting.invitations:
        counts[invitation.attendance] += 1
    return list(counts.items())
