"""Meetings: queries, create/edit, the chair's invitation and the status life cycle.

Every function here only flushes; the request (or CLI command) commits once.
Invitations live in meetings/invitations.py, the agenda in meetings/agenda.py.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from common.converters import is_id
from common.errors import RuleViolation
from common.models import now
from extensions import db
from meetings import hooks
from meetings.models import (
    ALLOWED_TRANSITIONS,
    AgendaItem,
    Attendance,
    Invitation,
    InvitationRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from participants.models import Participant, ParticipantKind

# Once a meeting is closed, archived or cancelled its record is final.
READ_ONLY_STATUSES = frozenset(
    {MeetingStatus.CLOSED, MeetingStatus.ARCHIVED, MeetingStatus.CANCELLED}
)

# The fields a create/edit form may set on a meeting (chair goes through set_chair).
MEETING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "organiser_committee",
    "description",
    "issue_number",
    "opinions_open",
)


def current_time() -> datetime:
    """The office clock. Tests monkeypatch this one function to fix the time."""
    return now()


# ---------------------------------------------------------------- loading


def status_permission(status: MeetingStatus) -> str:
    """The policy action a move to `status` needs: the chair may close, not reschedule."""
    return "meeting.close" if status == MeetingStatus.CLOSED else "meeting.manage"


def get_meeting_or_404(meeting_id: int) -> Meeting:
    # Ids are INTEGER columns: a larger number is a miss, not a database error.
    if not is_id(meeting_id):
        abort(404)
    return db.get_or_404(Meeting, meeting_id)


def load_meeting_for_detail(meeting_id: int, invitations: bool = True) -> Meeting:
    """The meeting with its chair and agenda (and invitations, unless the caller reads them
    apart, as the meeting page does), in a fixed number of queries."""
    if not is_id(meeting_id):
        abort(404)
    options = [
        joinedload(Meeting.chair),
        selectinload(Meeting.agenda_items).joinedload(AgendaItem.presenter),
        selectinload(Meeting.agenda_items).joinedload(AgendaItem.department),
    ]
    if invitations:
        options.append(selectinload(Meeting.invitations).joinedload(Invitation.participant))
    meeting = db.session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(*options)
        .execution_options(populate_existing=True)
    ).first()
    if meeting is None:
        abort(404)
    return meeting


@dataclass
class MeetingRow:
    meeting: Meeting
    invited: int


def meetings_query(
    tab: str = "upcoming",
    status: MeetingStatus | None = None,
    year: int | None = None,
    at: datetime | None = None,
    visible: ColumnElement[bool] | None = None,
):
    """The list page's query; `visible` narrows it to what the user may see.

    A meeting counts as upcoming until it ends, so one under way today stays on the
    secretariat's first tab; upcoming runs soonest first, past most recent first. The
    "open" tab gathers meetings still collecting opinions, however long ago they met.
    """
    at = at or current_time()
    query = select(Meeting)
    if visible is not None:
        query = query.where(visible)
    if tab == "open":  # still collecting written opinions, whenever it met
        query = query.where(Meeting.opinions_open.is_(True)).order_by(
            Meeting.starts_at.desc(), Meeting.id.desc()
        )
    elif tab == "past":
        query = query.where(Meeting.ends_at < at).order_by(
            Meeting.starts_at.desc(), Meeting.id.desc()
        )
    else:
        query = query.where(Meeting.ends_at >= at).order_by(Meeting.starts_at, Meeting.id)
    if status is not None:
        query = query.where(Meeting.status == status)
    if year is not None:
        query = query.where(
            Meeting.starts_at >= datetime(year, 1, 1), Meeting.starts_at < datetime(year + 1, 1, 1)
        )
    return query


def list_meetings_page(
    tab: str = "upcoming",
    status: MeetingStatus | None = None,
    year: int | None = None,
    page: int = 1,
    visible: ColumnElement[bool] | None = None,
):
    """One page of the list: a Pagination whose items are MeetingRow."""
    pagination = db.paginate(
        meetings_query(tab, status, year, visible=visible),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )
    meetings = list(pagination.items)
    counts = invitation_counts([m.id for m in meetings])
    pagination.items = [MeetingRow(m, counts.get(m.id, 0)) for m in meetings]
    return pagination


def invitation_counts(meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        select(Invitation.meeting_id, func.count(Invitation.id))
        .where(Invitation.meeting_id.in_(meeting_ids))
        .group_by(Invitation.meeting_id)
    )
    return {meeting_id: n for meeting_id, n in rows}


def meeting_years() -> list[int]:
    """Years that have meetings, newest first, for the year filter."""
    first, last = db.session.execute(
        select(func.min(Meeting.starts_at), func.max(Meeting.starts_at))
    ).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def chair_candidates() -> list[Participant]:
    """Active people who may chair, members and officials first, then by name."""
    rank = case(
        (Participant.kind == ParticipantKind.MEMBER, 0),
        (Participant.kind == ParticipantKind.OFFICIAL, 1),
        else_=2,
    )
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.active.is_(True))
            .order_by(rank, Participant.name, Participant.id)
        )
    )


def active_participants() -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.active.is_(True))
            .order_by(Participant.kind, Participant.name, Participant.id)
        )
    )


# ---------------------------------------------------------------- create / edit


def ensure_editable(meeting: Meeting) -> None:
    """Closed, archived and cancelled meetings are a final record: refuse every change."""
    if meeting.status in READ_ONLY_STATUSES:
        raise RuleViolation(
            _(
                "This meeting is %(status)s and can no longer be changed.",
                status=meeting.status.label,
            ),
            409,
        )


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise RuleViolation(_("A meeting needs a start and an end time."))
    if ends_at <= starts_at:
        raise RuleViolation(_("The meeting must end after it starts."))


def _apply(meeting: Meeting, data: dict) -> None:
    unknown = set(data) - set(MEETING_FIELDS) - {"chair_id"}
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    for name in MEETING_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(meeting, name, value)
    if meeting.issue_number is not None and meeting.issue_number < 1:
        raise RuleViolation(_("The issue number must be a positive whole number."))
    if not (meeting.title or "").strip():
        raise RuleViolation(_("A meeting needs a title."))
    _check_times(meeting.starts_at, meeting.ends_at)


def _participant(participant_id: int | None) -> Participant | None:
    if participant_id is None:
        return None
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise RuleViolation(_("The chosen person does not exist."))
    return participant


def create_meeting(data: dict) -> Meeting:
    """A new draft meeting. `data` holds MEETING_FIELDS and optionally chair_id."""
    meeting = Meeting(
        kind=MeetingKind.INVITE_TO_CONSULT,
        status=MeetingStatus.DRAFT,
        venue="",
        organiser_committee="",
        description="",
        opinions_open=False,
    )
    _apply(meeting, data)
    chair = _participant(data.get("chair_id"))
    db.session.add(meeting)
    db.session.flush()
    set_chair(meeting, chair)
    return meeting


def update_meeting(meeting: Meeting, data: dict) -> Meeting:
    ensure_editable(meeting)
    _apply(meeting, data)
    if "chair_id" in data:
        set_chair(meeting, _participant(data["chair_id"]))
    db.session.flush()
    return meeting


def set_chair(meeting: Meeting, chair: Participant | None) -> Invitation | None:
    """Make `chair` the meeting's chair and give them an invitation in the chair role.

    A previous chair keeps their invitation but as an attendee (列席), so the attendance
    record survives; clearing the chair does the same.
    """
    if chair is not None and not chair.active and meeting.chair_id != chair.id:
        raise RuleViolation(_("%(name)s is no longer active and cannot chair.", name=chair.name))
    meeting.chair = chair
    chair_invitation = None
    for invitation in meeting.invitations:
        if chair is not None and invitation.participant_id == chair.id:
            invitation.role = InvitationRole.CHAIR
            chair_invitation = invitation
        elif invitation.role == InvitationRole.CHAIR:
            invitation.role = InvitationRole.ATTENDEE
    if chair is not None and chair_invitation is None:
        chair_invitation = Invitation(
            meeting=meeting,
            participant=chair,
            role=InvitationRole.CHAIR,
            attendance=Attendance.INVITED,
            note="",
        )
        db.session.add(chair_invitation)
    db.session.flush()
    return chair_invitation


# ---------------------------------------------------------------- status life cycle


def closing_blockers(meeting: Meeting) -> list[str]:
    """Reasons the meeting cannot be closed (办结) yet, from the features that registered a
    check (consensus: it needs a consensus point, 共识)."""
    return hooks.closing_blockers(meeting)


def transition_blockers(
    meeting: Meeting, new_status: MeetingStatus, at: datetime | None = None
) -> list[str]:
    """What stands between the meeting and `new_status`, beyond the transition table."""
    reasons: list[str] = []
    if new_status == MeetingStatus.SCHEDULED:
        if not (meeting.venue or "").strip():
            reasons.append(_("Scheduling needs a venue."))
        if meeting.chair_id is None:
            reasons.append(_("Scheduling needs a chair."))
        if meeting.starts_at is None or meeting.ends_at is None:
            reasons.append(_("Scheduling needs a start and an end time."))
    elif new_status == MeetingStatus.HELD:
        at = at or current_time()
        if meeting.starts_at > at:
            reasons.append(
                _(
                    "A meeting can be marked as held only once it has started (%(start)s).",
                    start=meeting.starts_at.strftime("%Y-%m-%d %H:%M"),
                )
            )
    elif new_status == MeetingStatus.CLOSED:
        reasons.extend(closing_blockers(meeting))
    return reasons


def change_status(
    meeting: Meeting, new_status: MeetingStatus | str, at: datetime | None = None
) -> Meeting:
    """Move the meeting along one edge of ALLOWED_TRANSITIONS, or refuse.

    Side effects, as a secretariat expects them: holding the meeting leaves the opinion
    window as it is (written opinions are often still collected after the meeting, until
    the minutes go out); closing (办结) and cancelling close it, as nothing may be added to
    a finished or dropped meeting.
    """
    try:
        new_status = MeetingStatus(new_status)
    except ValueError:
        raise RuleViolation(_("Unknown meeting status.")) from None
    current = meeting.status
    if new_status not in ALLOWED_TRANSITIONS[current]:
        raise RuleViolation(
            _(
                "A meeting that is %(current)s cannot become %(wanted)s.",
                current=current.label,
                wanted=new_status.label,
            ),
            409,
        )
    blockers = transition_blockers(meeting, new_status, at)
    if blockers:
        raise RuleViolation(
            _(
                "The meeting cannot move from %(current)s to %(wanted)s: %(reasons)s",
                current=current.label,
                wanted=new_status.label,
                reasons=" ".join(blockers),
            ),
            409,
        )
    meeting.status = new_status
    if new_status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        meeting.opinions_open = False
    hooks.status_changed(meeting, new_status)  # e.g. the speakers list stops its timer
    db.session.flush()
    return meeting
