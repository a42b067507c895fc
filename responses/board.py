"""Follow-up board (跟踪督办): each opinion's state and the board's filters (the overdue lists
and the league table are responses.overdue).

Overdue is always derived from dates and a `today` argument, so tests fix the clock.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    and_,
    exists,
    select,
)
from sqlalchemy.orm import aliased, joinedload, selectinload

from common.enums import LabelledEnum
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from responses.lifecycle import (
    ACTIVE_STATUSES,
)
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
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
    UNASSIGNED = "unassigned", _l("Not yet assigned")
    ASSIGNED = "assigned", _l("Assigned, awaiting reply")
    REPLIED = "replied", _l("Replied, awaiting rating")
    # In follow-up (跟踪落实): the answer stands (oral, or rated) but a commitment is open;
    # also a reply rated unsatisfied that is not reopened. The value keeps its old name.
    RATED = "rated", _l("In follow-up: commitments open")
    DONE = "done", _l("Handling complete")


SATISFIED = (RatingValue.SATISFIED, RatingValue.BASICALLY)
# Any select statement: the filters narrow whatever columns it selects.
AnySelect = Select[*tuple[Any, ...]]
AnySelectT = TypeVar("AnySelectT", bound=AnySelect)


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
                  its submitted replies is done (what lifecycle.settle marks DONE).
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


def opinion_scope(stmt: AnySelectT, filters: BoardFilter) -> AnySelectT:
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


def board_opinions_query(filters: BoardFilter) -> Select[Opinion]:
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
