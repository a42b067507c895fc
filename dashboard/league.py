"""The department league table (督办排名) and the scope's totals, from three GROUP BY queries."""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from dashboard.scope import OWING, POSITIVE, Rate, Scope, active, as_int, group_key
from extensions import db
from opinions.models import Opinion
from participants.models import Department
from responses.models import (
    Assignment,
    AssignmentRole,
    Commitment,
    CommitmentStatus,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyPurpose,
    ReplyStatus,
)


@dataclass
class Counts:
    """A department's counts for the scope, or the scope's totals, with the rates on them."""

    lead: int = 0  # active lead assignments
    co: int = 0  # active co-handling (协办) assignments
    replied: int = 0  # lead assignments with a submitted reply
    on_time: int = 0  # ... whose first reply came on or before the due date
    unreplied_late: int = 0  # lead assignments without any reply, past due
    overdue_replies: int = 0  # lead assignments owing a (first or second) reply, past due
    commitments: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0
    commitments_done: int = 0
    ratings: dict[RatingValue, int] = field(default_factory=dict)

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.lead)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied + self.unreplied_late)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(sum(self.ratings.get(v, 0) for v in POSITIVE), self.rated)

    @property
    def overdue_items(self) -> int:
        return self.overdue_replies + self.commitments_overdue


@dataclass
class DepartmentRow(Counts):
    """One department's line in the league table."""

    department_id: int = 0
    name: str = ""


def _scoped_assignments(scope: Scope):
    """Active assignments of opinions in scope (a FROM clause to add columns to)."""
    return (
        select()
        .select_from(Assignment)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(scope.opinions(), active(Assignment.status))
    )


def _assignment_counts(scope: Scope, today: date, rows) -> None:
    # Each assignment with its first submitted reply (to the member), grouped here so the
    # database computes it once per assignment (a correlated subquery would be repeated
    # for every use of it below once SQLite flattens the query).
    answer = and_(
        Reply.assignment_id == Assignment.id,
        Reply.purpose == ReplyPurpose.REPLY,
        Reply.status == ReplyStatus.SUBMITTED,
    )
    inner = (
        _scoped_assignments(scope)
        .add_columns(
            Assignment.department_id.label("department_id"),
            Assignment.role.label("role"),
            Assignment.status.label("status"),
            Assignment.due_date.label("due_date"),
            func.min(Reply.submitted_at).label("first_at"),
        )
        .outerjoin(Reply, answer)
        .group_by(
            Assignment.id,
            Assignment.department_id,
            Assignment.role,
            Assignment.status,
            Assignment.due_date,
        )
        .subquery()
    )
    lead = inner.c.role == AssignmentRole.LEAD
    replied = and_(lead, inner.c.first_at.is_not(None))

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    department = group_key(inner.c.department_id, 0)
    stmt = select(
        department,
        total(lead),
        total(inner.c.role == AssignmentRole.CO),
        total(replied),
        # Dates compared as dates: date() of the timestamp works on SQLite and PostgreSQL.
        total(and_(replied, func.date(inner.c.first_at) <= inner.c.due_date)),
        total(and_(lead, inner.c.first_at.is_(None), inner.c.due_date < today)),
        total(and_(lead, inner.c.status.in_(OWING), inner.c.due_date < today)),
    ).group_by(department)
    for (
        dep_id,
        n_lead,
        n_co,
        n_replied,
        n_on_time,
        n_unreplied_late,
        n_overdue,
    ) in db.session.execute(stmt):
        row = rows[dep_id]
        row.lead, row.co, row.replied = as_int(n_lead), as_int(n_co), as_int(n_replied)
        row.on_time, row.unreplied_late = as_int(n_on_time), as_int(n_unreplied_late)
        row.overdue_replies = as_int(n_overdue)


def _commitment_counts(scope: Scope, today: date, rows) -> None:
    not_done = Commitment.status != CommitmentStatus.DONE
    department = group_key(Commitment.department_id, 0)

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            department,
            func.count(Commitment.id),
            total(not_done),
            total(and_(not_done, Commitment.due_date < today)),
            total(Commitment.status == CommitmentStatus.DONE),
        )
        .join(Reply, Reply.id == Commitment.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(scope.opinions(), Reply.status == ReplyStatus.SUBMITTED)
        .group_by(department)
    )
    for dep_id, n, n_open, n_overdue, n_done in db.session.execute(stmt):
        row = rows[dep_id]
        row.commitments, row.commitments_open = as_int(n), as_int(n_open)
        row.commitments_overdue, row.commitments_done = as_int(n_overdue), as_int(n_done)


def _lead_replies(scope: Scope):
    """Submitted replies (to the member) of active lead assignments in scope."""
    return (
        select()
        .select_from(Reply)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(
            scope.opinions(),
            active(Assignment.status),
            Assignment.role == AssignmentRole.LEAD,
            Reply.purpose == ReplyPurpose.REPLY,
            Reply.status == ReplyStatus.SUBMITTED,
        )
    )


def _rating_counts(scope: Scope, rows) -> None:
    department = group_key(Assignment.department_id, 0)
    stmt = (
        _lead_replies(scope)
        .add_columns(department, Rating.value, func.count(Rating.id))
        .join(Rating, Rating.reply_id == Reply.id)
        .group_by(department, Rating.value)
    )
    for dep_id, value, n in db.session.execute(stmt):
        rows[dep_id].ratings[value] = as_int(n)


def department_rows(scope: Scope, today: date) -> list[DepartmentRow]:
    """Every department with something in scope: four aggregate queries plus the names."""
    rows: dict[int, DepartmentRow] = defaultdict(DepartmentRow)
    _assignment_counts(scope, today, rows)
    _commitment_counts(scope, today, rows)
    _rating_counts(scope, rows)
    if not rows:
        return []
    names = dict(
        db.session.execute(
            select(Department.id, Department.name).where(Department.id.in_(rows))
        ).all()
    )
    for dep_id, row in rows.items():
        row.department_id, row.name = dep_id, names.get(dep_id, "")
    return rank_departments(list(rows.values()))


SORT_KEYS = {
    # "late": the worst first — most overdue items, then the lowest on-time rate.
    "late": lambda r: (-r.overdue_items, _rategroup_key(r.on_time_rate), r.name),
    "name": lambda r: (r.name,),
    "assignments": lambda r: (-r.lead, r.name),
    "reply_rate": lambda r: (_rategroup_key(r.reply_rate), r.name),
    "on_time": lambda r: (_rategroup_key(r.on_time_rate), r.name),
    "overdue": lambda r: (-r.overdue_replies, r.name),
    "commitments": lambda r: (-r.commitments_overdue, -r.commitments_open, r.name),
    "satisfaction": lambda r: (_rategroup_key(r.satisfaction_rate), r.name),
}


def _rategroup_key(rate: Rate) -> float:
    """Lowest rate first; departments with nothing to rate go last."""
    value = rate.value
    return 2.0 if value is None else value


def rank_departments(rows: list[DepartmentRow], sort: str = "late") -> list[DepartmentRow]:
    return sorted(rows, key=SORT_KEYS.get(sort, SORT_KEYS["late"]))


class Totals(Counts):
    """The scope's totals, summed from the department rows (no further queries)."""

    def __init__(self):
        super().__init__(ratings=dict.fromkeys(RatingValue, 0))


def totals(rows: list[DepartmentRow]) -> Totals:
    result = Totals()
    summed = [f.name for f in fields(Counts) if f.name != "ratings"]
    for row in rows:
        for name in summed:
            setattr(result, name, getattr(result, name) + getattr(row, name))
        for value, n in row.ratings.items():
            result.ratings[value] += n
    return result


def reply_categories(scope: Scope, letters: str = "ABC") -> list[tuple[ReplyCategory | None, int]]:
    """Latest submitted reply of each lead assignment, by category.

    The configured categories come first (zeros included); a category outside the
    configuration that still occurs in old data, and replies without a category (None),
    follow only when they occur.
    """
    later = aliased(Reply)
    is_latest = ~exists().where(
        later.assignment_id == Reply.assignment_id,
        later.purpose == ReplyPurpose.REPLY,
        later.status == ReplyStatus.SUBMITTED,
        later.round > Reply.round,
    )
    stmt = (
        _lead_replies(scope)
        .add_columns(Reply.category, func.count(Reply.id))
        .where(is_latest)
        .group_by(Reply.category)
    )
    counts: dict[ReplyCategory | None, int] = dict(db.session.execute(stmt).all())
    configured = [c for c in ReplyCategory if c.value in letters.upper()]
    result: list[tuple[ReplyCategory | None, int]] = [
        (c, as_int(counts.pop(c, 0))) for c in configured
    ]
    result += [(c, as_int(counts[c])) for c in ReplyCategory if counts.get(c)]
    if counts.get(None):
        result.append((None, as_int(counts[None])))
    return result
