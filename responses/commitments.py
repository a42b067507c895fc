"""Commitments (承诺事项): promises carried by a reply, with dated progress until done.

Status moves open -> in_progress (first progress update) -> done (an update at 100 % or an
explicit "mark done"). Overdue is never stored (responses.lifecycle.commitment_overdue).
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import User
from common import clock
from common.converters import MAX_ID
from common.errors import RuleViolation
from extensions import db
from opinions.models import Opinion
from participants.models import Department
from responses.lifecycle import CLOSED_STATUSES, commitment_overdue_clause, settle
from responses.models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    ProgressUpdate,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)

MAX_TEXT = 2000


def latest_percent(commitment: Commitment) -> int:
    if commitment.status == CommitmentStatus.DONE:
        return 100
    return commitment.updates[-1].percent if commitment.updates else 0


def answer_day(assignment: Assignment, channel: ReplyChannel, sent: datetime | None) -> date:
    """The day the answer was given: the meeting's day for an oral reply (the department
    spoke there, even when it is recorded later), else the day it was sent (or today)."""
    if channel == ReplyChannel.ORAL:
        return assignment.opinion.meeting.starts_at.date()
    return sent.date() if sent else clock.today()


def reply_date(reply: Reply) -> date:
    return answer_day(reply.assignment, reply.channel, reply.submitted_at)


def check_text_and_date(day: date, text: str, due_date: date | None) -> tuple[str, date]:
    """The commitment's text, stripped, and its due date; refused when the text is empty or
    too long, or the date missing or before `day`."""
    text = (text or "").strip()
    if not text:
        raise RuleViolation(_("Please describe what the department commits to."))
    if len(text) > MAX_TEXT:
        raise RuleViolation(_("The commitment is too long (at most 2000 characters)."))
    if due_date is None:
        raise RuleViolation(_("Please give the commitment's due date."))
    if due_date < day:
        raise RuleViolation(
            _(
                "A commitment cannot be due before the reply was given (%(date)s).",
                date=day.isoformat(),
            )
        )
    return text, due_date


def responsible_department(
    replying_id: int, department_id: int | None, keep: int | None = None
) -> int:
    """The department that answers for a commitment: the replying one unless another
    department of the directory is named (a 会办 lead promising for a co-handler).
    `keep` is the commitment's current department, accepted even if no longer active."""
    if department_id is None:
        return keep if keep is not None else replying_id
    if department_id in (keep, replying_id):
        return department_id
    department = db.session.get(Department, department_id) if 0 < department_id <= MAX_ID else None
    if department is None or not department.active:
        raise RuleViolation(_("Choose an active department of the directory for the commitment."))
    return department.id


def _ensure_assignment_open(reply: Reply) -> None:
    if reply.assignment.status in CLOSED_STATUSES:
        raise RuleViolation(
            _(
                "The assignment is %(status)s: its commitments can no longer be changed.",
                status=reply.assignment.status.label,
            ),
            409,
        )


def add_commitment(
    reply: Reply, text: str, due_date: date | None, department_id: int | None = None
) -> Commitment:
    """Attach a commitment to a reply (while it is a draft, or after it was submitted)."""
    if reply.purpose != ReplyPurpose.REPLY:
        raise RuleViolation(_("Commitments belong to the reply, not to a co-handler's input."))
    _ensure_assignment_open(reply)
    text, due_date = check_text_and_date(reply_date(reply), text, due_date)
    commitment = Commitment(
        reply=reply,
        department_id=responsible_department(reply.assignment.department_id, department_id),
        text=text,
        due_date=due_date,
    )
    db.session.add(commitment)
    db.session.flush()
    return commitment


def edit_commitment(
    commitment: Commitment, text: str, due_date: date | None, department_id: int | None = None
) -> Commitment:
    if commitment.status == CommitmentStatus.DONE:
        raise RuleViolation(_("This commitment is done and can no longer be changed."), 409)
    reply = commitment.reply
    _ensure_assignment_open(reply)
    commitment.text, commitment.due_date = check_text_and_date(reply_date(reply), text, due_date)
    commitment.department_id = responsible_department(
        reply.assignment.department_id, department_id, keep=commitment.department_id
    )
    db.session.flush()
    return commitment


def remove_commitment(commitment: Commitment) -> None:
    """Only a draft reply's commitment can be taken back; a submitted one is on record."""
    if commitment.reply.status != ReplyStatus.DRAFT:
        raise RuleViolation(
            _("A submitted reply's commitment stays on record; mark it done or edit it."), 409
        )
    db.session.delete(commitment)
    db.session.flush()


def _ensure_trackable(commitment: Commitment) -> None:
    if commitment.reply.status != ReplyStatus.SUBMITTED:
        raise RuleViolation(
            _("Progress can be reported once the reply carrying this commitment is submitted."),
            409,
        )
    if commitment.status == CommitmentStatus.DONE:
        raise RuleViolation(_("This commitment is already done."), 409)


def post_progress(
    commitment: Commitment,
    on_date: date | None,
    note: str,
    percent: int | None,
    by_user: User | None,
) -> ProgressUpdate:
    """A dated progress note; the first moves the commitment in progress, 100 % is done."""
    _ensure_trackable(commitment)
    note = (note or "").strip()
    if not note:
        raise RuleViolation(_("Please describe the progress."))
    if on_date is None or on_date > clock.today():
        raise RuleViolation(_("The progress date cannot be in the future."))
    if percent is None or not 0 <= percent <= 100:
        raise RuleViolation(_("The percentage must be between 0 and 100."))
    update = ProgressUpdate(
        commitment=commitment,
        on_date=on_date,
        note=note,
        percent=percent,
        author_id=getattr(by_user, "id", None),
    )
    db.session.add(update)
    if percent == 100:
        _finish(commitment, by_user)
    else:
        commitment.status = CommitmentStatus.IN_PROGRESS
        db.session.flush()
    return update


def mark_done(commitment: Commitment, by_user: User | None) -> Commitment:
    _ensure_trackable(commitment)
    _finish(commitment, by_user)
    return commitment


def _finish(commitment: Commitment, by_user: User | None) -> None:
    commitment.status = CommitmentStatus.DONE
    commitment.done_at = clock.now()
    db.session.flush()
    settle(commitment.reply.assignment, by_user)


# ---------------------------------------------------------------- lists

# What a commitment's row or page shows: its department, its meeting, its progress.
_COMMITMENT_PAGE = (
    joinedload(Commitment.department),
    joinedload(Commitment.reply)
    .joinedload(Reply.assignment)
    .joinedload(Assignment.opinion)
    .joinedload(Opinion.meeting),
    selectinload(Commitment.updates),
)


@dataclass
class CommitmentFilters:
    department_id: int | None = None
    status: CommitmentStatus | None = None
    overdue: bool = False


def commitments_query(filters: CommitmentFilters, on: date | None = None) -> Select[Commitment]:
    """Commitments of submitted replies, soonest due first, with their context loaded."""
    on = on or clock.today()
    query = (
        select(Commitment)
        .join(Commitment.reply)
        .join(Reply.assignment)
        .where(Reply.status == ReplyStatus.SUBMITTED)
        .options(*_COMMITMENT_PAGE)
        .order_by(Commitment.due_date, Commitment.id)
    )
    if filters.department_id is not None:
        # The department's own promises and those its replies made for another department.
        query = query.where(
            or_(
                Commitment.department_id == filters.department_id,
                Assignment.department_id == filters.department_id,
            )
        )
    if filters.status is not None:
        query = query.where(Commitment.status == filters.status)
    if filters.overdue:
        query = query.where(commitment_overdue_clause(on))
    return query


def load_commitment(commitment_id: int) -> Commitment | None:
    return db.session.scalar(
        select(Commitment).where(Commitment.id == commitment_id).options(*_COMMITMENT_PAGE)
    )
