"""A reply and its commitments written together: the reply form's one transaction.

The reply form carries commitment rows (text, responsible department, due date) from the
first save, oral or written, so an oral reply with a promise never closes before the
promise is on record. Rows of a draft can be changed and removed until the reply is sent;
a submitted reply keeps its commitments (they are then followed on their own pages).
Also here: which assignments are "in follow-up" (replied, a commitment still open) and
until when, for the inbox, the board and the assignment page.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from accounts.models import User
from common import clock
from common.errors import RuleViolation
from extensions import db
from opinions.models import Opinion
from responses import commitments, replies
from responses.lifecycle import ACTIVE_STATUSES
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)

MAX_ROWS = 20  # commitments one reply form may carry


@dataclass
class CommitmentRow:
    """One row of the reply form; `id` is a saved commitment of the draft, None a new one."""

    text: str = ""
    due_date: date | None = None
    department_id: int | None = None
    id: int | None = None

    @property
    def blank(self) -> bool:
        return not (self.text or "").strip() and self.due_date is None


def _row_problem(number: int, error: RuleViolation) -> RuleViolation:
    """Name the row, so the user knows which commitment to correct."""
    return RuleViolation(
        _("Commitment %(n)s: %(problem)s", n=number, problem=error.message), error.status
    )


def _fields(commitment: Commitment) -> tuple[str, date, int]:
    return commitment.text, commitment.due_date, commitment.department_id


def sync_commitments(reply: Reply, rows: Sequence[CommitmentRow]) -> bool:
    """Bring a draft reply's commitments in line with the form's rows; True if any changed.

    A saved row left blank is removed; blank new rows are ignored; commitments the form did
    not show (a colleague added one meanwhile) are kept.
    """
    if reply.purpose != ReplyPurpose.REPLY:
        if any(not row.blank for row in rows):
            raise RuleViolation(_("Commitments belong to the reply, not to a co-handler's input."))
        return False
    if len([row for row in rows if not row.blank or row.id]) > MAX_ROWS:
        raise RuleViolation(_("A reply can carry at most %(n)s commitments.", n=MAX_ROWS))
    saved = {c.id: c for c in reply.commitments}
    changed = False
    for number, row in enumerate(rows, start=1):
        try:
            if row.id is not None:
                commitment = saved.get(row.id)
                if commitment is None:  # not this reply's: never touch another record
                    raise RuleViolation(_("This commitment is not part of the reply."), 409)
                if row.blank:
                    commitments.remove_commitment(commitment)
                    changed = True
                    continue
                before = _fields(commitment)
                # Edited even when unchanged: its date must still suit the reply's day.
                commitments.edit_commitment(commitment, row.text, row.due_date, row.department_id)
                changed |= before != _fields(commitment)
            elif not row.blank:
                commitments.add_commitment(reply, row.text, row.due_date, row.department_id)
                changed = True
        except RuleViolation as error:
            raise _row_problem(number, error) from None
    if changed:
        db.session.expire(reply, ["commitments"])
    return changed


def check_rows(
    assignment: Assignment, data: dict[str, Any], rows: Sequence[CommitmentRow], draft: Reply | None
) -> None:
    """Every rule a row must meet, checked before anything is written: the reply's first
    save is flushed in a savepoint, which SQLite's driver commits at once when it opens the
    transaction, so a row refused after it would leave a draft behind."""
    if replies.purpose_for(assignment) != ReplyPurpose.REPLY:
        if any(not row.blank for row in rows):
            raise RuleViolation(_("Commitments belong to the reply, not to a co-handler's input."))
        return
    if len([row for row in rows if not row.blank or row.id]) > MAX_ROWS:
        raise RuleViolation(_("A reply can carry at most %(n)s commitments.", n=MAX_ROWS))
    try:
        channel = ReplyChannel(data.get("channel") or ReplyChannel.WRITTEN)
    except ValueError:
        return  # the reply itself is refused, with its own message
    day = commitments.answer_day(assignment, channel, draft.submitted_at if draft else None)
    saved = {c.id: c for c in draft.commitments} if draft is not None else {}
    for number, row in enumerate(rows, start=1):
        try:
            if row.id is not None and row.id not in saved:  # never touch another record
                raise RuleViolation(_("This commitment is not part of the reply."), 409)
            if row.blank:
                continue
            commitments.check_text_and_date(day, row.text, row.due_date)
            keep = saved[row.id].department_id if row.id is not None else None
            commitments.responsible_department(assignment.department_id, row.department_id, keep)
        except RuleViolation as error:
            raise _row_problem(number, error) from None


def save_reply_form(
    assignment: Assignment,
    data: dict[str, Any],
    rows: Sequence[CommitmentRow],
    by_user: User | None,
    based_on_version: int | None,
    submit: bool = False,
) -> Reply:
    """Save the draft with its commitment rows, and send it when `submit`. The caller
    commits once (or rolls everything back on any RuleViolation, ReplyConflict included)."""
    check_rows(assignment, data, rows, replies.working_reply(assignment))
    reply = replies.save_reply(assignment, data, by_user, based_on_version)
    version = reply.version
    if sync_commitments(reply, rows) and reply.version == version:
        # Commitments alone changed: still a new version of the reply, so a colleague's
        # form based on the old one is told instead of silently dropping these rows.
        try:
            with db.session.begin_nested():
                reply.updated_at = clock.now()
                flag_modified(reply, "updated_at")  # an UPDATE even within the same second
                db.session.flush()
        except StaleDataError:
            db.session.expire(reply)
            raise replies.ReplyConflict(reply) from None
    if submit:
        replies.submit_reply(reply, by_user)
    return reply


# ---------------------------------------------------------------- in follow-up


def follow_up_dues(assignments: Iterable[Assignment]) -> dict[int, date]:
    """Replied assignments with a commitment still open -> the soonest such due date.

    One query for a page of assignments. "Open" counts commitments of submitted replies
    only (a draft's promise is not made yet), whichever department answers for them.
    """
    ids = [a.id for a in assignments if a.status == AssignmentStatus.REPLIED]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Reply.assignment_id, func.min(Commitment.due_date))
        .join(Commitment, Commitment.reply_id == Reply.id)
        .where(
            Reply.assignment_id.in_(ids),
            Reply.status == ReplyStatus.SUBMITTED,
            Commitment.status != CommitmentStatus.DONE,
        )
        .group_by(Reply.assignment_id)
    )
    return {assignment_id: due for assignment_id, due in rows}


def loaded_follow_up_due(assignment: Assignment) -> date | None:
    """The same for one assignment whose replies and commitments are loaded (no query)."""
    if assignment.status != AssignmentStatus.REPLIED:
        return None
    dues = [
        c.due_date
        for r in assignment.replies
        if r.status == ReplyStatus.SUBMITTED
        for c in r.commitments
        if c.status != CommitmentStatus.DONE
    ]
    return min(dues) if dues else None


def opinion_follow_up_due(opinion: Opinion) -> date | None:
    """The soonest due date among the open commitments of the submitted replies of an
    opinion's active lead assignments (all loaded by the board's query: no query here)."""
    dues = [
        c.due_date
        for a in opinion.assignments
        if a.status in ACTIVE_STATUSES and a.role == AssignmentRole.LEAD
        for r in a.replies
        if r.status == ReplyStatus.SUBMITTED
        for c in r.commitments
        if c.status != CommitmentStatus.DONE
    ]
    return min(dues) if dues else None
