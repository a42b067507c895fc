"""Follow-up board (跟踪督办): each opinion's state, overdue items, the department league table.

Overdue is always derived from dates and a `today` argument, so tests fix the clock.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from common.enums import LabelledEnum, set_labels
from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion
from participants.models import Department
from responses.assignments import ACTIVE_STATUSES, OPEN_STATUSES
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    RatingValue,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)


class OpinionState(LabelledEnum):
    UNASSIGNED = "unassigned"
    ASSIGNED = "assigned"
    REPLIED = "replied"
    RATED = "rated"
    DONE = "done"


set_labels(
    OpinionState,
    {
        OpinionState.UNASSIGNED: _l("Not yet assigned"),
        OpinionState.ASSIGNED: _l("Assigned, awaiting reply"),
        OpinionState.REPLIED: _l("Replied, awaiting rating"),
        OpinionState.RATED: _l("Rated, commitments open"),
        OpinionState.DONE: _l("Handling complete"),
    },
)

SATISFIED = (RatingValue.SATISFIED, RatingValue.BASICALLY)


def latest_reply(assignment: Assignment) -> Reply | None:
    """The submitted reply of the latest round (to the member, not a co-handler's input)."""
    submitted = [
        r
        for r in assignment.replies
        if r.purpose == ReplyPurpose.REPLY and r.status == ReplyStatus.SUBMITTED
    ]
    return max(submitted, key=lambda r: r.round) if submitted else None


def lead_assignment_state(assignment: Assignment) -> OpinionState:
    """How far one lead assignment has come (ASSIGNED .. DONE)."""
    if assignment.status == AssignmentStatus.DONE:
        return OpinionState.DONE
    reply = latest_reply(assignment)
    # Reopened after an unsatisfied rating: the second reply is still owed.
    if assignment.status == AssignmentStatus.REOPENED or (
        reply is None and assignment.status != AssignmentStatus.REPLIED
    ):
        return OpinionState.ASSIGNED
    if reply is None:
        return OpinionState.REPLIED
    # The answer stands when given orally at the meeting (not rated) or rated satisfied or
    # basically satisfied; then only what was promised in any submitted round can be open.
    stands = reply.channel == ReplyChannel.ORAL or (
        reply.rating is not None and reply.rating.value in SATISFIED
    )
    promised_done = all(
        c.status == CommitmentStatus.DONE
        for r in assignment.replies
        if r.status == ReplyStatus.SUBMITTED
        for c in r.commitments
    )
    if stands and promised_done:
        return OpinionState.DONE
    if reply.rating is None:
        return OpinionState.REPLIED
    return OpinionState.RATED


_ORDER = list(OpinionState)


def opinion_state(opinion: Opinion, today: date | None = None) -> OpinionState:
    """The opinion's follow-up state; the slowest lead assignment decides.

    - unassigned: no active lead assignment (none yet, or all returned/withdrawn);
    - assigned:   some lead still owes a reply (first, or second after an unsatisfied rating);
    - replied:    every lead has a submitted reply (or is marked replied), some not yet rated;
    - rated:      every lead's reply is rated, but some rating is unsatisfied without a
                  reopen yet, or some commitment of the reply is not done;
    - done:       every lead assignment is DONE, or its latest reply stands (oral at the
                  meeting, or rated satisfied/basically satisfied) and every commitment of
                  its submitted replies is done (what replies.settle marks DONE).
    Co-handlers (协办) give input to the lead and do not decide the state. `today` is
    accepted for symmetry with the overdue helpers: the state itself does not age.
    """
    leads = [
        a
        for a in opinion.assignments
        if a.status in ACTIVE_STATUSES and a.role == AssignmentRole.LEAD
    ]
    if not leads:
        return OpinionState.UNASSIGNED
    return min((lead_assignment_state(a) for a in leads), key=_ORDER.index)


def commitment_overdue(commitment: Commitment, today: date) -> bool:
    return commitment.is_overdue(today)


# ---------------------------------------------------------------- filters


@dataclass
class BoardFilter:
    meeting_id: int | None = None
    year: int | None = None
    department_id: int | None = None


def _year_range(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _opinion_scope(stmt: Select, filters: BoardFilter) -> Select:
    """Narrow a statement that already involves Opinion to the board's filters."""
    if filters.meeting_id is not None:
        stmt = stmt.where(Opinion.meeting_id == filters.meeting_id)
    if filters.year is not None:
        start, end = _year_range(filters.year)
        held = aliased(Meeting)  # the outer query may join Meeting itself
        stmt = stmt.where(
            exists().where(
                held.id == Opinion.meeting_id, held.starts_at >= start, held.starts_at < end
            )
        )
    return stmt


def board_opinions_query(filters: BoardFilter) -> Select:
    """The board's opinions with everything their state needs, loaded in a fixed few queries."""
    stmt = select(Opinion).options(
        joinedload(Opinion.meeting),
        joinedload(Opinion.speaker),
        selectinload(Opinion.assignments).options(
            joinedload(Assignment.department),
            selectinload(Assignment.replies).options(
                joinedload(Reply.rating), selectinload(Reply.commitments)
            ),
        ),
    )
    stmt = _opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(
            exists().where(
                Assignment.opinion_id == Opinion.id,
                Assignment.department_id == filters.department_id,
                Assignment.status.in_(ACTIVE_STATUSES),
            )
        )
    return stmt.join(Meeting, Meeting.id == Opinion.meeting_id).order_by(
        Meeting.starts_at.desc(), Opinion.meeting_id, Opinion.position, Opinion.id
    )


def state_counts(opinions: list[Opinion], today: date) -> dict[OpinionState, int]:
    counts = dict.fromkeys(OpinionState, 0)
    for opinion in opinions:
        counts[opinion_state(opinion, today)] += 1
    return counts


# ---------------------------------------------------------------- overdue


def overdue_assignments(filters: BoardFilter, today: date) -> list[Assignment]:
    stmt = (
        select(Assignment)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(Assignment.status.in_(OPEN_STATUSES), Assignment.due_date < today)
        .options(
            joinedload(Assignment.department),
            joinedload(Assignment.opinion).joinedload(Opinion.meeting),
        )
        .order_by(Assignment.due_date, Assignment.id)
    )
    stmt = _opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(Assignment.department_id == filters.department_id)
    return list(db.session.scalars(stmt))


def overdue_commitments(filters: BoardFilter, today: date) -> list[Commitment]:
    stmt = (
        select(Commitment)
        .join(Reply, Reply.id == Commitment.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(Commitment.status != CommitmentStatus.DONE, Commitment.due_date < today)
        .options(
            joinedload(Commitment.department),
            joinedload(Commitment.reply)
            .joinedload(Reply.assignment)
            .joinedload(Assignment.opinion)
            .joinedload(Opinion.meeting),
        )
        .order_by(Commitment.due_date, Commitment.id)
    )
    stmt = _opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(Commitment.department_id == filters.department_id)
    return list(db.session.scalars(stmt))


@dataclass
class LeagueRow:
    """One department's line in the league table (督办排名)."""

    department: Department
    open_assignments: int = 0
    overdue_assignments: int = 0
    overdue_commitments: int = 0
    assignments: list[Assignment] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def overdue_total(self) -> int:
        return self.overdue_assignments + self.overdue_commitments


def league_table(filters: BoardFilter, today: date) -> list[LeagueRow]:
    """Departments with overdue items, worst first, with the items themselves."""
    rows: dict[int, LeagueRow] = {}

    def row(department: Department) -> LeagueRow:
        if department.id not in rows:
            rows[department.id] = LeagueRow(department)
        return rows[department.id]

    for assignment in overdue_assignments(filters, today):
        entry = row(assignment.department)
        entry.overdue_assignments += 1
        entry.assignments.append(assignment)
    for commitment in overdue_commitments(filters, today):
        entry = row(commitment.department)
        entry.overdue_commitments += 1
        entry.commitments.append(commitment)
    if rows:
        stmt = (
            select(Assignment.department_id, func.count(Assignment.id))
            .join(Opinion, Opinion.id == Assignment.opinion_id)
            .where(Assignment.status.in_(OPEN_STATUSES), Assignment.department_id.in_(list(rows)))
            .group_by(Assignment.department_id)
        )
        for department_id, count in db.session.execute(_opinion_scope(stmt, filters)):
            rows[department_id].open_assignments = count
    return sorted(
        rows.values(),
        key=lambda r: (-r.overdue_total, -r.overdue_assignments, r.department.name),
    )


def overdue_by_opinion(opinions: list[Opinion], today: date) -> dict[int, int]:
    """How many overdue assignments each listed opinion has (from what is already loaded)."""
    counts: dict[int, int] = defaultdict(int)
    for opinion in opinions:
        for a in opinion.assignments:
            if a.status in OPEN_STATUSES and a.due_date < today:
                counts[opinion.id] += 1
    return counts


def board_meetings() -> list[Meeting]:
    """Meetings that have opinions, newest first, for the filter."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(exists().where(Opinion.meeting_id == Meeting.id))
            .order_by(Meeting.starts_at.desc())
        )
    )


def board_years() -> list[int]:
    starts = db.session.scalars(
        select(Meeting.starts_at).where(and_(exists().where(Opinion.meeting_id == Meeting.id)))
    )
    return sorted({s.year for s in starts}, reverse=True)
