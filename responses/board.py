"""Follow-up board (跟踪督办): each opinion's state, overdue items, the department league table.

Overdue is always derived from dates and a `today` argument, so tests fix the clock.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, exists, func, literal_column, select
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

# The board shows an in-follow-up opinion's next commitment date (computed with the rows).
from responses.reply_commitments import opinion_follow_up_due as follow_up_due  # noqa: F401


class OpinionState(LabelledEnum):
    UNASSIGNED = "unassigned"
    ASSIGNED = "assigned"
    REPLIED = "replied"
    # In follow-up (跟踪落实): the answer stands (oral, or rated) but a commitment is open;
    # also a reply rated unsatisfied that is not reopened. The value keeps its old name.
    RATED = "rated"
    DONE = "done"


set_labels(
    OpinionState,
    {
        OpinionState.UNASSIGNED: _l("Not yet assigned"),
        OpinionState.ASSIGNED: _l("Assigned, awaiting reply"),
        OpinionState.REPLIED: _l("Replied, awaiting rating"),
        OpinionState.RATED: _l("In follow-up: commitments open"),
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
    if stands:  # oral at the meeting or rated satisfied: followed until the promise is kept
        return OpinionState.RATED
    if reply.rating is None:
        return OpinionState.REPLIED
    return OpinionState.RATED


_ORDER = list(OpinionState)


def opinion_state(opinion: Opinion, today: date | None = None) -> OpinionState:
    """The opinion's follow-up state; the slowest lead assignment decides.

    - unassigned: no active lead assignment (none yet, or all returned/withdrawn);
    - assigned:   some lead still owes a reply (first, or second after an unsatisfied rating);
    - replied:    every lead has a submitted reply (or is marked replied), some not yet rated;
    - rated:      in follow-up: every lead's answer stands (oral, or rated) but some
                  commitment of its submitted replies is not done, or a rating is
                  unsatisfied without a reopen yet;
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
    # Meetings starting on or after this day (the board's default window); None: no limit.
    since: date | None = None


def _year_range(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def opinion_scope(stmt: Select, filters: BoardFilter) -> Select:
    """Narrow a statement that already involves Opinion to the board's filters."""
    if filters.meeting_id is not None:
        stmt = stmt.where(Opinion.meeting_id == filters.meeting_id)
    if filters.year is not None:
        start, end = _year_range(filters.year)
        held = aliased(Meeting)  # the outer query may join Meeting itself
        # IN (meetings of the year): the database starts from the year's few meetings.
        stmt = stmt.where(
            Opinion.meeting_id.in_(
                select(held.id).where(held.starts_at >= start, held.starts_at < end)
            )
        )
    if filters.since is not None:
        recent = aliased(Meeting)
        stmt = stmt.where(
            Opinion.meeting_id.in_(
                select(recent.id).where(recent.starts_at >= datetime.combine(filters.since, time()))
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
    stmt = opinion_scope(stmt, filters)
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


def _unindexed(column):
    """The column's value, hidden from the index on it: "due before today" holds for nearly
    every row ever made, so SQLite (which keeps no statistics unless ANALYZEd) should find
    the few still open by the status index instead of walking the due-date index."""
    return func.coalesce(column, column)


def _unindexed_key(column):
    """An id to group or partition by, as "id + 0": otherwise SQLite walks the department
    index over every row ever made to save a sort, instead of picking the few open rows by
    the status index (8 ms -> 1 ms). The 0 is inline so PostgreSQL sees one expression."""
    return column + literal_column("0")


def _overdue_assignment_scope(stmt: Select, filters: BoardFilter, today: date) -> Select:
    """Assignments owing a reply past their due date, within the board's filters."""
    stmt = stmt.join(Opinion, Opinion.id == Assignment.opinion_id).where(
        Assignment.status.in_(OPEN_STATUSES), _unindexed(Assignment.due_date) < today
    )
    stmt = opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(Assignment.department_id == filters.department_id)
    return stmt


def _overdue_commitment_scope(stmt: Select, filters: BoardFilter, today: date) -> Select:
    """Commitments not done past their due date, within the board's filters."""
    not_done = [s for s in CommitmentStatus if s != CommitmentStatus.DONE]  # index-friendly
    stmt = (
        stmt.join(Reply, Reply.id == Commitment.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(Commitment.status.in_(not_done), _unindexed(Commitment.due_date) < today)
    )
    stmt = opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(Commitment.department_id == filters.department_id)
    return stmt


_ASSIGNMENT_DISPLAY = (
    joinedload(Assignment.department),
    joinedload(Assignment.opinion).joinedload(Opinion.meeting),
)
_COMMITMENT_DISPLAY = (
    joinedload(Commitment.department),
    joinedload(Commitment.reply)
    .joinedload(Reply.assignment)
    .joinedload(Assignment.opinion)
    .joinedload(Opinion.meeting),
)


def overdue_assignments(
    filters: BoardFilter, today: date, per_department: int | None = None
) -> list[Assignment]:
    """Overdue assignments, oldest due first; with `per_department`, only that many of each
    department's oldest (one query either way)."""
    return _oldest_overdue(
        Assignment, _overdue_assignment_scope, _ASSIGNMENT_DISPLAY, filters, today, per_department
    )


def overdue_commitments(
    filters: BoardFilter, today: date, per_department: int | None = None
) -> list[Commitment]:
    """Overdue commitments, oldest due first; `per_department` as for overdue_assignments."""
    return _oldest_overdue(
        Commitment, _overdue_commitment_scope, _COMMITMENT_DISPLAY, filters, today, per_department
    )


def _oldest_overdue(model, scope, display, filters: BoardFilter, today: date, per_department):
    """`model` rows (assignments or commitments, both with department_id and due_date) that
    `scope` calls overdue, oldest first, at most `per_department` of each department."""
    if per_department is None:
        stmt = scope(select(model), filters, today)
    else:
        oldest = func.row_number().over(
            partition_by=_unindexed_key(model.department_id),
            order_by=(model.due_date, model.id),
        )
        ranked = scope(select(model.id, oldest.label("n")), filters, today).subquery()
        stmt = select(model).join(ranked, ranked.c.id == model.id)
        stmt = stmt.where(ranked.c.n <= per_department)
    stmt = stmt.options(*display).order_by(model.due_date, model.id)
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

    @property
    def items_left_out(self) -> int:
        """Overdue items counted but not listed (the page lists each department's oldest)."""
        return self.overdue_total - len(self.assignments) - len(self.commitments)


def league_table(
    filters: BoardFilter, today: date, per_department: int | None = None
) -> list[LeagueRow]:
    """Departments with overdue items, worst first, with the items themselves.

    The counts are always complete; with `per_department` only each department's oldest
    overdue replies and commitments (that many of each) are listed, so a page stays short
    whatever years of backlog the filters take in. Four queries, whatever the data.
    """
    rows: dict[int, LeagueRow] = {}
    # Open assignments per department, and how many of them are overdue: one aggregate.
    overdue = func.sum(case((Assignment.due_date < today, 1), else_=0))
    department = _unindexed_key(Assignment.department_id).label("department_id")
    stmt = (
        select(department, func.count(Assignment.id), overdue)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(Assignment.status.in_(OPEN_STATUSES))
        .group_by(department)
    )
    if filters.department_id is not None:
        stmt = stmt.where(Assignment.department_id == filters.department_id)
    open_counts = {}
    for department_id, open_count, overdue_count in db.session.execute(
        opinion_scope(stmt, filters)
    ):
        open_counts[department_id] = open_count
        if overdue_count:
            rows[department_id] = LeagueRow(None, overdue_assignments=overdue_count)  # type: ignore[arg-type]
    department = _unindexed_key(Commitment.department_id).label("department_id")
    stmt = _overdue_commitment_scope(select(department, func.count()), filters, today)
    for department_id, count in db.session.execute(stmt.group_by(department)):
        rows.setdefault(department_id, LeagueRow(None)).overdue_commitments = count  # type: ignore[arg-type]
    if not rows:
        return []
    for department_id, entry in rows.items():
        entry.open_assignments = open_counts.get(department_id, 0)
    for assignment in overdue_assignments(filters, today, per_department):
        entry = rows[assignment.department_id]
        entry.department = assignment.department
        entry.assignments.append(assignment)
    for commitment in overdue_commitments(filters, today, per_department):
        entry = rows[commitment.department_id]
        entry.department = commitment.department
        entry.commitments.append(commitment)
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
            .order_by(Meeting.starts_at.desc(), Meeting.id)
        )
    )


def board_years(meetings: list[Meeting] | None = None) -> list[int]:
    """Years with opinions, newest first (from board_meetings() when given)."""
    if meetings is not None:
        return sorted({m.starts_at.year for m in meetings}, reverse=True)
    starts = db.session.scalars(
        select(Meeting.starts_at).where(and_(exists().where(Opinion.meeting_id == Meeting.id)))
    )
    return sorted({s.year for s in starts}, reverse=True)
