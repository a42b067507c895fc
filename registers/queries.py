"""What the registers list: opinions and replies, narrowed per role and by the filter bar.

The narrowing per role is the policy's: every list takes its WHERE clause from
accounts.policy.scope ("opinion.view", "assignment.view", "reply.view", "meeting.view"),
so a register holds exactly what its user may open (who reads what: accounts.scopes).
The pages and the CSV/XLSX exports (registers.flat) both build on these SELECTs, so an
export holds exactly the rows of the list on screen (all pages of it).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from accounts.models import Role
from accounts.policy import scope
from common.converters import MAX_ID
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion, Suggestion
from participants.models import Department, Participant, ParticipantKind
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    HandlingMode,
    Reply,
    ReplyCategory,
    ReplyPurpose,
    ReplyStatus,
)

MIN_YEAR, MAX_YEAR = 1990, 2100
# Withdrawn assignments were replaced by a reassignment: history, not the current handling.
STATUS_CHOICES = [s for s in AssignmentStatus if s != AssignmentStatus.WITHDRAWN]


# ---------------------------------------------------------------- the filter bar


def _int_arg(args, name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    try:
        value = int(str(args.get(name, "")).strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def _enum_arg(args, name: str, enum_cls, allowed: Iterable | None = None):
    try:
        value = enum_cls(args.get(name, ""))
    except ValueError:
        return None
    return value if allowed is None or value in allowed else None


@dataclass
class RegisterFilters:
    """The filter bar of both registers. Values that make no sense are ignored, never a 500."""

    meeting: int | None = None
    year: int | None = None
    department: int | None = None
    speaker_kind: ParticipantKind | None = None
    status: AssignmentStatus | None = None  # of the assignment (办理状态)
    category: ReplyCategory | None = None
    mode: HandlingMode | None = None
    reply_status: ReplyStatus | None = None  # replies register only
    committee: int | None = None  # a city's staff: one of the committees they read
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "RegisterFilters":
        return cls(
            meeting=_int_arg(args, "meeting"),
            year=_int_arg(args, "year", MIN_YEAR, MAX_YEAR),
            department=_int_arg(args, "department"),
            speaker_kind=_enum_arg(args, "speaker_kind", ParticipantKind),
            status=_enum_arg(args, "status", AssignmentStatus, STATUS_CHOICES),
            category=_enum_arg(args, "category", ReplyCategory),
            mode=_enum_arg(args, "mode", HandlingMode),
            reply_status=_enum_arg(args, "reply_status", ReplyStatus),
            committee=_int_arg(args, "committee"),
            q=str(args.get("q", "")).strip()[:100],
        )

    def as_args(self) -> dict[str, Any]:
        """The query string that reproduces these filters (export links)."""
        return {k: getattr(v, "value", v) for k, v in asdict(self).items() if v not in (None, "")}


# ---------------------------------------------------------------- filters as SQL


def _common_filters(stmt: Select, filters: RegisterFilters) -> Select:
    """Filters on the meeting and the speaker (Opinion, Meeting, Participant are joined)."""
    if filters.meeting is not None:
        stmt = stmt.where(Opinion.meeting_id == filters.meeting)
    if filters.year is not None:
        stmt = stmt.where(
            Meeting.starts_at >= datetime(filters.year, 1, 1),
            Meeting.starts_at < datetime(filters.year + 1, 1, 1),
        )
    if filters.speaker_kind is not None:
        stmt = stmt.where(Participant.kind == filters.speaker_kind)
    if filters.committee is not None:  # within what the request reads (accounts.reach)
        stmt = stmt.where(Opinion.committee_id == filters.committee)
    return stmt


def _assignment_filters(filters: RegisterFilters) -> list:
    """The filters on an assignment's department, status and handling mode."""
    conditions = []
    if filters.department is not None:
        conditions.append(Assignment.department_id == filters.department)
    if filters.status is not None:
        conditions.append(Assignment.status == filters.status)
    if filters.mode is not None:
        conditions.append(Assignment.mode == filters.mode)
    return conditions


def opinions_query(user: Any, filters: RegisterFilters) -> Select:
    """The opinions register: opinions with meeting and speaker, newest meeting first."""
    return opinions_select(user, filters, Opinion).options(
        contains_eager(Opinion.meeting), contains_eager(Opinion.speaker)
    )


def opinions_select(user: Any, filters: RegisterFilters, *entities: Any) -> Select:
    """The register's opinions as a SELECT of `entities` (Opinion, Meeting, Participant)."""
    stmt = (
        select(*entities)
        .select_from(Opinion)
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .join(Participant, Participant.id == Opinion.speaker_id)
        .where(scope(user, "opinion.view"))
    )
    stmt = _common_filters(stmt, filters)
    handling = _assignment_filters(filters)  # one and the same visible assignment meets all
    if filters.category is not None:
        handling.append(
            exists().where(
                Reply.assignment_id == Assignment.id,
                Reply.category == filters.category,
                Reply.status == ReplyStatus.SUBMITTED,
                Reply.purpose == ReplyPurpose.REPLY,
            )
        )
    if handling:
        stmt = stmt.where(
            exists().where(
                Assignment.opinion_id == Opinion.id,
                Assignment.status != AssignmentStatus.WITHDRAWN,
                scope(user, "assignment.view"),
                *handling,
            )
        )
    if filters.q:
        stmt = stmt.where(
            or_(
                Opinion.title.icontains(filters.q, autoescape=True),
                Opinion.body.icontains(filters.q, autoescape=True),
                exists().where(
                    Suggestion.opinion_id == Opinion.id,
                    Suggestion.text.icontains(filters.q, autoescape=True),
                ),
            )
        )
    return stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc(), Opinion.position, Opinion.id)


def replies_query(user: Any, filters: RegisterFilters) -> Select:
    """The replies register: one row per reply, with its assignment, opinion and meeting."""
    return replies_select(user, filters, Reply).options(
        contains_eager(Reply.assignment).options(
            contains_eager(Assignment.department),
            contains_eager(Assignment.opinion).options(
                contains_eager(Opinion.meeting), contains_eager(Opinion.speaker)
            ),
        ),
        joinedload(Reply.rating),
    )


def replies_select(user: Any, filters: RegisterFilters, *entities: Any) -> Select:
    """The register's replies as a SELECT of `entities` (Reply, Assignment, Opinion, ...)."""
    stmt = (
        select(*entities)
        .select_from(Reply)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .join(Participant, Participant.id == Opinion.speaker_id)
        .join(Department, Department.id == Assignment.department_id)
        .where(scope(user, "reply.view"))
    )
    stmt = _common_filters(stmt, filters)
    stmt = stmt.where(*_assignment_filters(filters))
    if filters.category is not None:
        stmt = stmt.where(Reply.category == filters.category)
    if filters.reply_status is not None:
        stmt = stmt.where(Reply.status == filters.reply_status)
    if filters.q:
        stmt = stmt.where(
            or_(
                Reply.text.icontains(filters.q, autoescape=True),
                Opinion.title.icontains(filters.q, autoescape=True),
            )
        )
    return stmt.order_by(
        Meeting.starts_at.desc(),
        Meeting.id.desc(),
        Opinion.position,
        Opinion.id,
        Assignment.id,
        Reply.round,
        Reply.id,
    )


# ---------------------------------------------------------------- what a row shows


def handling_of(user: Any, opinion_ids: list[int]) -> dict[int, list[Assignment]]:
    """The visible, not withdrawn assignments of these opinions, with their replies.

    A row shows only what was sent to the member (responses.board.latest_reply: submitted,
    purpose "reply"), never a draft or a co-handler's input to the lead.
    """
    found: dict[int, list[Assignment]] = defaultdict(list)
    if not opinion_ids:
        return found
    stmt = (
        select(Assignment)
        .where(
            Assignment.opinion_id.in_(opinion_ids),
            Assignment.status != AssignmentStatus.WITHDRAWN,
            scope(user, "assignment.view"),
        )
        .options(
            joinedload(Assignment.department),
            selectinload(Assignment.replies).options(
                joinedload(Reply.rating), selectinload(Reply.commitments)
            ),
        )
        .order_by(Assignment.id)
    )
    for assignment in db.session.scalars(stmt):
        found[assignment.opinion_id].append(assignment)
    for assignments in found.values():  # the lead (主办) before its co-handlers (协办)
        assignments.sort(key=lambda a: a.role != AssignmentRole.LEAD)
    return found


def _count_by(key: Any, counted: Any, ids: list[int]) -> dict[int, int]:
    """How many `counted` rows each of `ids` has (absent ids have none)."""
    if not ids:
        return {}
    stmt = select(key, func.count(counted)).where(key.in_(ids)).group_by(key)
    return dict(db.session.execute(stmt).all())


def suggestion_counts(opinion_ids: list[int]) -> dict[int, int]:
    return _count_by(Suggestion.opinion_id, Suggestion.id, opinion_ids)


def commitment_counts(reply_ids: list[int]) -> dict[int, int]:
    return _count_by(Commitment.reply_id, Commitment.id, reply_ids)


@dataclass
class OpinionEntry:
    # An Opinion, or the flat reader's row object with the same attributes (registers/flat.py).
    opinion: Any
    suggestions: int
    assignments: list[Any]


def opinion_entries(user: Any, opinions: list[Opinion]) -> list[OpinionEntry]:
    """Rows of the opinions register for these opinions (two queries, any number of rows)."""
    ids = [opinion.id for opinion in opinions]
    handling = handling_of(user, ids)
    counts = suggestion_counts(ids)
    return [OpinionEntry(o, counts.get(o.id, 0), handling.get(o.id, [])) for o in opinions]


@dataclass
class ReplyEntry:
    reply: Any  # a Reply, or the flat reader's row object with the same attributes
    commitments: int


def reply_entries(replies: list[Reply]) -> list[ReplyEntry]:
    counts = commitment_counts([reply.id for reply in replies])
    return [ReplyEntry(reply, counts.get(reply.id, 0)) for reply in replies]


# ---------------------------------------------------------------- the filter bar's choices


def meeting_choices(user: Any) -> list[Meeting]:
    """Meetings the user may see, newest first."""
    stmt = select(Meeting).where(scope(user, "meeting.view")).order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(stmt))


def department_choices(user: Any) -> list[Department]:
    """The filter bar's departments: a department filters on its own only."""
    stmt = select(Department).order_by(Department.name)
    if getattr(user, "role", None) is Role.DEPARTMENT:
        stmt = stmt.where(scope(user, "department.view"))
    return list(db.session.scalars(stmt))
