"""The assignment's life cycle: which status may follow which, the status sets, due dates.

Every status change of an assignment goes through `transition`, which checks the edge
against TRANSITIONS and writes the AssignmentEvent people read on the assignment's page.
Services check their own, friendlier preconditions first (a reason given, nothing replied
yet ...); an edge missing from the table is a bug or a race, refused with a 409.

Overdue and "due soon" are derived, never stored: each rule is written once, as a Python
predicate for a loaded object and as an SQL expression for a list query, side by side.

    (new) -> assigned -> replied -> done
              |   |        ^  |      |
              |   |        |  v      v
              |   |      reopened <--+   (an unsatisfied rating asks for a second reply)
              |   +-> returned -> withdrawn   (sent back; the secretariat reassigns)
              +-> withdrawn                   (reassigned: replaced by a new assignment)
    done -> replied: the secretariat reopens an assignment closed by mistake.
"""

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, select

from accounts.models import User
from common import clock
from common.errors import RuleViolation
from extensions import db
from responses.models import (
    Assignment,
    AssignmentEvent,
    AssignmentEventKind,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Rating,
    RatingValue,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)
from responses.workdays import add_working_days

S = AssignmentStatus
K = AssignmentEventKind

# (from, to) -> the event that edge writes. `None` is an assignment being created.
TRANSITIONS: dict[tuple[AssignmentStatus | None, AssignmentStatus], AssignmentEventKind] = {
    (None, S.ASSIGNED): K.ASSIGNED,
    (S.ASSIGNED, S.REPLIED): K.REPLIED,
    (S.ASSIGNED, S.RETURNED): K.RETURNED,
    (S.ASSIGNED, S.WITHDRAWN): K.REASSIGNED,
    (S.RETURNED, S.WITHDRAWN): K.REASSIGNED,
    (S.REPLIED, S.DONE): K.DONE,
    (S.REPLIED, S.REOPENED): K.REOPENED,
    (S.DONE, S.REOPENED): K.REOPENED,
    (S.REOPENED, S.REPLIED): K.REPLIED,
    (S.DONE, S.REPLIED): K.UNDONE,
}

# An opinion is "in hand" while it has one of these; returned and withdrawn ones are history.
ACTIVE_STATUSES = (S.ASSIGNED, S.REPLIED, S.REOPENED, S.DONE)
# The department still owes a reply (the first, or a second after an unsatisfied rating):
# only these can be overdue.
OPEN_STATUSES = (S.ASSIGNED, S.REOPENED)
# What the secretariat may hand to another department: nothing replied yet.
REASSIGNABLE_STATUSES = tuple(old for old, new in TRANSITIONS if new == S.WITHDRAWN)
# Commitments of these can no longer be changed.
CLOSED_STATUSES = (S.WITHDRAWN, S.RETURNED, S.DONE)


def allowed_next(status: AssignmentStatus | None) -> tuple[AssignmentStatus, ...]:
    """The statuses that may follow `status` (None: a new assignment)."""
    return tuple(new for old, new in TRANSITIONS if old == status)


def transition(
    assignment: Assignment, to: AssignmentStatus, by_user: User | None, note: str = ""
) -> AssignmentEvent:
    """Move the assignment to `to` along an edge of TRANSITIONS and record the event."""
    kind = TRANSITIONS.get((assignment.status, to))
    if kind is None:
        raise RuleViolation(
            _(
                "An assignment that is %(status)s cannot become %(next)s.",
                status=assignment.status.label if assignment.status else "—",
                next=to.label,
            ),
            409,
        )
    assignment.status = to
    return record_event(assignment, kind, by_user, note)


def record_event(
    assignment: Assignment, kind: AssignmentEventKind, by_user: User | None, note: str = ""
) -> AssignmentEvent:
    """One line of the assignment's history. Status changes come through `transition`;
    called directly only for events that leave the status alone (a reminder)."""
    event = AssignmentEvent(
        assignment=assignment,
        kind=kind,
        actor_id=getattr(by_user, "id", None),
        note=note,
        at=clock.now(),
    )
    db.session.add(event)
    return event


# ---------------------------------------------------------------- due dates


def is_overdue(assignment: Assignment, on: date | None = None) -> bool:
    """Overdue: still owing a reply and past its due date."""
    return assignment.status in OPEN_STATUSES and assignment.due_date < (on or clock.today())


def overdue_clause(on: date, due_date: ColumnElement[date] | None = None) -> ColumnElement[bool]:
    """`is_overdue` in SQL. `due_date` may wrap the column (the board hides its index)."""
    due = Assignment.due_date if due_date is None else due_date
    return and_(Assignment.status.in_(OPEN_STATUSES), due < on)


def due_soon_days() -> int:
    return int(current_app.config.get("DUE_SOON_DAYS", 5))


def due_soon_limit(on: date) -> date:
    """The last day that counts as "due soon": DUE_SOON_DAYS working days ahead."""
    return add_working_days(on, due_soon_days())


def is_due_soon(assignment: Assignment, on: date | None = None) -> bool:
    """Still owing a reply, due today or within DUE_SOON_DAYS working days."""
    on = on or clock.today()
    return assignment.status in OPEN_STATUSES and on <= assignment.due_date <= due_soon_limit(on)


def due_soon_clause(on: date) -> ColumnElement[bool]:
    """`is_due_soon` in SQL."""
    return and_(
        Assignment.status.in_(OPEN_STATUSES),
        Assignment.due_date >= on,
        Assignment.due_date <= due_soon_limit(on),
    )


# Commitments the board and the lists count as not done (an IN list the index can use).
COMMITMENT_NOT_DONE = tuple(s for s in CommitmentStatus if s != CommitmentStatus.DONE)


def commitment_overdue(commitment: Commitment, on: date | None = None) -> bool:
    """A commitment is overdue while it is not done and its due date has passed."""
    return commitment.status != CommitmentStatus.DONE and commitment.due_date < (
        on or clock.today()
    )


def commitment_overdue_clause(
    on: date, due_date: ColumnElement[date] | None = None
) -> ColumnElement[bool]:
    """`commitment_overdue` in SQL; `due_date` as for overdue_clause."""
    due = Commitment.due_date if due_date is None else due_date
    return and_(Commitment.status.in_(COMMITMENT_NOT_DONE), due < on)


# ---------------------------------------------------------------- done


def max_rounds() -> int:
    """After how many unsatisfied rounds the assignment is no longer reopened."""
    return int(current_app.config.get("REPLY_MAX_ROUNDS", 2))


def open_commitments(assignment: Assignment) -> int:
    """How many commitments of the assignment's submitted replies are not done yet."""
    count = db.session.scalar(
        select(func.count(Commitment.id))
        .join(Commitment.reply)
        .where(
            Reply.assignment_id == assignment.id,
            Reply.status == ReplyStatus.SUBMITTED,
            Commitment.status != CommitmentStatus.DONE,
        )
    )
    return count or 0


def settle(assignment: Assignment, by_user: User | None) -> bool:
    """A replied assignment is done once its answer stands and nothing promised is open.

    The answer stands when the last reply was oral (given at the meeting, not rated), was
    rated satisfied or basically satisfied, or was rated unsatisfied in the last round.
    """
    if assignment.role != AssignmentRole.LEAD or assignment.status != AssignmentStatus.REPLIED:
        return False
    last = db.session.scalar(
        select(Reply)
        .where(
            Reply.assignment_id == assignment.id,
            Reply.purpose == ReplyPurpose.REPLY,
            Reply.status == ReplyStatus.SUBMITTED,
        )
        .order_by(Reply.round.desc())
        .limit(1)
    )
    if last is None:
        return False
    rating = db.session.scalar(select(Rating).where(Rating.reply_id == last.id))
    stands = (
        last.channel == ReplyChannel.ORAL
        or (rating is not None and rating.value != RatingValue.UNSATISFIED)
        or (rating is not None and last.round >= max_rounds())
    )
    if not stands or open_commitments(assignment):
        return False
    transition(assignment, AssignmentStatus.DONE, by_user)
    db.session.flush()
    return True
