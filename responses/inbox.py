"""The department inbox (待办): active assignments, filtered, with overdue derived from today."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from accounts.models import Role, User
from common import clock
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from responses.lifecycle import ACTIVE_STATUSES, due_soon_clause, overdue_clause
from responses.models import Assignment, AssignmentStatus
from responses.ratings import awaiting_rating


@dataclass
class InboxFilters:
    department_id: int | None = None  # None: every department (staff only)
    meeting_id: int | None = None
    status: AssignmentStatus | None = None
    due: str = ""  # "", "soon" or "overdue"


def inbox_query(filters: InboxFilters, on: date | None = None) -> Select[Assignment]:
    """Active assignments matching the filters, with what a row shows loaded eagerly."""
    on = on or clock.today()
    query = (
        select(Assignment)
        .where(Assignment.status.in_(ACTIVE_STATUSES))
        .options(
            joinedload(Assignment.department),
            joinedload(Assignment.opinion).joinedload(Opinion.speaker),
            joinedload(Assignment.opinion).joinedload(Opinion.meeting),
        )
        .order_by(Assignment.due_date, Assignment.id)
    )
    if filters.department_id is not None:
        query = query.where(Assignment.department_id == filters.department_id)
    if filters.meeting_id is not None:
        # Joined only for this filter: without it the department's index walks in order.
        query = query.join(Assignment.opinion).where(Opinion.meeting_id == filters.meeting_id)
    if filters.status is not None:
        query = query.where(Assignment.status == filters.status)
    if filters.due == "overdue":
        query = query.where(overdue_clause(on))
    elif filters.due == "soon":
        query = query.where(due_soon_clause(on))
    return query


def inbox_meetings(department_id: int | None) -> list[Meeting]:
    """Meetings that have assignments in this inbox (the meeting filter's choices)."""
    # The meeting ids first (DISTINCT on an integer, not on whole meeting rows).
    ids = (
        select(Opinion.meeting_id)
        .join(Assignment, Assignment.opinion_id == Opinion.id)
        .where(Assignment.status.in_(ACTIVE_STATUSES))
    )
    if department_id is not None:
        ids = ids.where(Assignment.department_id == department_id)
    query = select(Meeting).where(Meeting.id.in_(ids)).order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(query))


def inbox_counts(department_id: int | None, on: date | None = None) -> dict[str, int]:
    """How many are overdue and due soon, for the badges above the list (one query)."""
    on = on or clock.today()
    query = select(
        func.count().filter(overdue_clause(on)),
        func.count().filter(due_soon_clause(on)),
    ).where(Assignment.status.in_(ACTIVE_STATUSES))
    if department_id is not None:
        query = query.where(Assignment.department_id == department_id)
    overdue, due_soon = db.session.execute(query).one()
    return {"overdue": overdue or 0, "soon": due_soon or 0}


def landing_path(user: User) -> str:
    """Where each role's work is: a department's inbox, a member's replies to rate (or
    their meetings when none waits), the meetings for the chair and the secretariat."""
    role = getattr(user, "role", None)
    if role == Role.DEPARTMENT:
        return url_for("inbox.inbox")
    if role == Role.MEMBER and awaiting_rating(user):
        return url_for("inbox.replies_to_rate")
    return url_for("meetings.list_meetings")
