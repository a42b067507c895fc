"""Reading invitations for pages: the meeting page's summary, the invitations page, the picker.

A meeting may have hundreds of invitations and the directory thousands of people, so the
meeting page reads a compact summary as plain rows (one query), the invitations page reads one
filtered page at a time, and the person picker asks the server for a few matches.
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import contains_eager

from extensions import db
from meetings.invitations import KIND_ORDER, ROLE_ORDER
from meetings.models import Attendance, Invitation, InvitationRole, Meeting
from participants.models import Participant, ParticipantKind

# The person picker never lists more than this many people.
MAX_CANDIDATES = 20
# A filter text longer than a name (64) cannot match anything; cut it before it reaches SQL.
MAX_QUERY = 64


@dataclass
class RoleGroup:
    role: InvitationRole
    names: list[str] = field(default_factory=list)


@dataclass
class AttendanceSummary:
    """Who is invited, read-only: counts per role and per attendance, names by role."""

    total: int
    groups: list[RoleGroup]  # in ROLE_ORDER, only roles someone holds
    by_attendance: list[tuple[Attendance, int]]  # every status, in order
    # (participant_id, name, kind, affiliation) of everyone invited, in the groups' order
    # within each role: the agenda form's presenter choices.
    people: list[tuple[int, str, ParticipantKind, str]]


def attendance_summary(meeting_id: int) -> AttendanceSummary:
    """The meeting page's invitation summary, in one query of plain rows."""
    rows = db.session.execute(
        select(
            Invitation.role,
            Invitation.attendance,
            Participant.id,
            Participant.name,
            Participant.kind,
            Participant.affiliation,
        )
        .join(Participant, Participant.id == Invitation.participant_id)
        .where(Invitation.meeting_id == meeting_id)
    ).all()
    rows = list(rows)
    # Same order as before within a role: members first, then by name.
    rows.sort(key=lambda r: (KIND_ORDER[r.kind], r.name, r.id))
    by_role: dict[InvitationRole, RoleGroup] = {role: RoleGroup(role) for role in ROLE_ORDER}
    counts = {attendance: 0 for attendance in Attendance}
    for role, attendance, _pid, name, _kind, _affiliation in rows:
        by_role[role].names.append(name)
        counts[attendance] += 1
    return AttendanceSummary(
        total=len(rows),
        groups=[group for group in by_role.values() if group.names],
        by_attendance=list(counts.items()),
        people=[
            (pid, name, kind, affiliation or "") for _r, _a, pid, name, kind, affiliation in rows
        ],
    )


def clean_query(text: str | None) -> str:
    return (text or "").strip()[:MAX_QUERY]


def _role_rank():
    return case(
        {role: n for n, role in enumerate(ROLE_ORDER)}, value=Invitation.role, else_=len(ROLE_ORDER)
    )


def _kind_rank():
    return case(
        {kind: n for kind, n in KIND_ORDER.items()}, value=Participant.kind, else_=len(KIND_ORDER)
    )


def _invitations_query(meeting: Meeting):
    """The meeting's invitations with their people, in the meeting page's order: by role
    (chair first), members first, then by name."""
    return (
        select(Invitation)
        .join(Participant, Participant.id == Invitation.participant_id)
        .where(Invitation.meeting_id == meeting.id)
        .options(contains_eager(Invitation.participant))
        .order_by(_role_rank(), _kind_rank(), Participant.name, Invitation.id)
    )


def all_invitations(meeting: Meeting) -> list[Invitation]:
    """Every invitation of the meeting, people loaded, in one query (the attendance form)."""
    return list(db.session.scalars(_invitations_query(meeting)))


def invitations_page(
    meeting: Meeting,
    role: InvitationRole | None = None,
    attendance: Attendance | None = None,
    name: str = "",
    page: int = 1,
    per_page: int | None = None,
):
    """One page of the meeting's invitations (a Pagination of Invitation, participant loaded).

    Ordered as on the meeting page: by role (chair first), members first, then by name.
    `name` matches part of the person's name or affiliation.
    """
    query = _invitations_query(meeting)
    if role is not None:
        query = query.where(Invitation.role == role)
    if attendance is not None:
        query = query.where(Invitation.attendance == attendance)
    name = clean_query(name)
    if name:
        query = query.where(
            or_(
                Participant.name.contains(name, autoescape=True),
                Participant.affiliation.contains(name, autoescape=True),
            )
        )
    return db.paginate(
        query,
        page=page,
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )


@dataclass
class InvitationCounts:
    total: int
    by_role: dict[InvitationRole, int]
    by_attendance: dict[Attendance, int]


def invitation_counts(meeting_id: int) -> InvitationCounts:
    """How many are invited, per role and per attendance (every value, zero included)."""
    rows = db.session.execute(
        select(Invitation.role, Invitation.attendance, func.count(Invitation.id))
        .where(Invitation.meeting_id == meeting_id)
        .group_by(Invitation.role, Invitation.attendance)
    )
    counts = InvitationCounts(
        total=0,
        by_role={role: 0 for role in ROLE_ORDER},
        by_attendance={attendance: 0 for attendance in Attendance},
    )
    for role, attendance, n in rows:
        counts.total += n
        counts.by_role[role] = counts.by_role.get(role, 0) + n
        counts.by_attendance[attendance] += n
    return counts


@dataclass
class Candidate:
    id: int
    name: str
    kind: ParticipantKind
    affiliation: str

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "kind_label": str(self.kind.label),
            "affiliation": self.affiliation,
        }


def candidates(meeting: Meeting, text: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """Active people not yet invited whose name (or affiliation) holds `text`; at most `limit`.

    Names that start with the text come first, then shorter names, then by name.
    """
    text = clean_query(text)
    if not text:
        return []
    invited = exists().where(
        and_(Invitation.meeting_id == meeting.id, Invitation.participant_id == Participant.id)
    )
    starts = case((Participant.name.startswith(text, autoescape=True), 0), else_=1)
    rows = db.session.execute(
        select(Participant.id, Participant.name, Participant.kind, Participant.affiliation)
        .where(
            Participant.active.is_(True),
            ~invited,
            or_(
                Participant.name.contains(text, autoescape=True),
                Participant.affiliation.contains(text, autoescape=True),
            ),
        )
        .order_by(starts, func.length(Participant.name), Participant.name, Participant.id)
        .limit(min(max(limit, 1), MAX_CANDIDATES))
    )
    return [Candidate(pid, name, kind, affiliation or "") for pid, name, kind, affiliation in rows]
