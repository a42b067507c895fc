"""The department inbox (待办): active assignments, filtered, with overdue derived from today."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import joinedload

from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion
from responses import replies
from responses.models import Assignment, AssignmentStatus
from responses.replies import ACTIVE_STATUSES, AWAITING_REPLY


@dataclass
class InboxFilters:
    department_id: int | None = None  # None: every department (staff only)
    meeting_id: int | None = None
    status: AssignmentStatus | None = None
    due: str = ""  # "", "soon" or "overdue"


def inbox_query(filters: InboxFilters, on: date | None = None) -> Select:
    """Active assignments matching the filters, with what a row shows loaded eagerly."""
    on = on or replies.today()  # looked up at call time: tests fix the day
    query = (
        select(Assignment)
        .join(Assignment.opinion)
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
        query = query.where(Opinion.meeting_id == filters.meeting_id)
    if filters.status is not None:
        query = query.where(Assignment.status == filters.status)
    if filters.due == "overdue":
        query = query.where(Assignment.status.in_(AWAITING_REPLY), Assignment.due_date < on)
    elif filters.due == "soon":
        query = query.where(
            Assignment.status.in_(AWAITING_REPLY),
            Assignment.due_date >= on,
            Assignment.due_date <= replies.due_soon_limit(on),
        )
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
    on = on or replies.today()  # looked up at call time: tests fix the day
    waiting = Assignment.status.in_(AWAITING_REPLY)
    soon = replies.due_soon_limit(on)
    query = select(
        func.count().filter(and_(waiting, Assignment.due_date < on)),
        func.count().filter(and_(waiting, Assignment.due_date >= on, Assignment.due_date <= soon)),
    ).where(Assignment.status.in_(ACTIVE_STATUSES))
    if department_id is not None:
        query = query.where(Assignment.department_id == department_id)
    overdue, due_soon = db.session.execute(query).one()
    return {"overdue": overdue or 0, "soon": due_soon or 0}
