"""Who is late: overdue assignments and commitments within the board's filters, and the
department league table (督办排名). The overdue rules are responses.lifecycle's; this module
adds the board's filters and the SQL that keeps the lists fast on years of history.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    case,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from extensions import db
from opinions.models import Opinion
from participants.models import Department
from responses.board import AnySelect, AnySelectT, BoardFilter, opinion_scope
from responses.lifecycle import OPEN_STATUSES, commitment_overdue_clause, is_overdue, overdue_clause
from responses.models import Assignment, Commitment, Reply

OverdueT = TypeVar("OverdueT", Assignment, Commitment)
# Narrows a select to the overdue rows (assignments or commitments) within the filters.
OverdueScope = Callable[[AnySelect, BoardFilter, date], AnySelect]


def _unindexed(column: SQLColumnExpression[date]) -> ColumnElement[date]:
    """The column's value, hidden from the index on it: "due before today" holds for nearly
    every row ever made, so SQLite (which keeps no statistics unless ANALYZEd) should find
    the few still open by the status index instead of walking the due-date index."""
    return func.coalesce(column, column)


def _unindexed_key(column: SQLColumnExpression[int]) -> ColumnElement[int]:
    """An id to group or partition by, as "id + 0": otherwise SQLite walks the department
    index over every row ever made to save a sort, instead of picking the few open rows by
    the status index (8 ms -> 1 ms). The 0 is inline so PostgreSQL sees one expression."""
    return column + literal_column("0")


def _overdue_assignment_scope(stmt: AnySelectT, filters: BoardFilter, today: date) -> AnySelectT:
    """Assignments owing a reply past their due date, within the board's filters."""
    stmt = stmt.join(Opinion, Opinion.id == Assignment.opinion_id).where(
        overdue_clause(today, _unindexed(Assignment.due_date))
    )
    stmt = opinion_scope(stmt, filters)
    if filters.department_id is not None:
        stmt = stmt.where(Assignment.department_id == filters.department_id)
    return stmt


def _overdue_commitment_scope(stmt: AnySelectT, filters: BoardFilter, today: date) -> AnySelectT:
    """Commitments not done past their due date, within the board's filters."""
    stmt = (
        stmt.join(Reply, Reply.id == Commitment.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(commitment_overdue_clause(today, _unindexed(Commitment.due_date)))
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


def _oldest_overdue(
    model: type[OverdueT],
    scope: OverdueScope,
    display: tuple[LoaderOption, ...],
    filters: BoardFilter,
    today: date,
    per_department: int | None,
) -> list[OverdueT]:
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
    counted: AnySelect = select(department, func.count())
    stmt = _overdue_commitment_scope(counted, filters, today)
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
            if is_overdue(a, today):
                counts[opinion.id] += 1
    return counts
