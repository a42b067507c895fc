"""Replies (答复): the department inbox, drafts with optimistic locking, submission, 会办 inputs.

A lead department (单办, each 分办 department, the 会办 lead) writes the reply to the member;
a 会办 co-handler writes an *input* (purpose INPUT) on its own assignment, which the lead reads.
Two people saving the same draft: the second save, based on an older version, is refused
with a ReplyConflict that carries the saved text, so the view can show both for merging.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from accounts.models import User
from common import clock
from common.errors import RuleViolation
from extensions import db
from opinions.models import Opinion
from responses import ratings
from responses.lifecycle import ACTIVE_STATUSES, OPEN_STATUSES, settle, transition
from responses.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    Reply,
    ReplyCategory,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)

# How the department met the member (stored as the code, shown with the label).
CONTACT_METHODS: dict[str, object] = {
    "in_person": _l("Face-to-face meeting"),
    "forum": _l("Forum discussion"),
    "phone": _l("Telephone"),
    "letter": _l("Letter"),
    "other": _l("Other contact"),
}


def allowed_categories() -> list[ReplyCategory]:
    letters = str(current_app.config.get("REPLY_CATEGORIES", "ABC")).upper()
    return [c for c in ReplyCategory if c.value in letters]


def contact_label(code: str) -> str:
    return str(CONTACT_METHODS.get(code, code or ""))


# ---------------------------------------------------------------- one assignment


def load_assignment(assignment_id: int) -> Assignment | None:
    """The assignment with its opinion, replies, commitments, ratings and history."""
    return db.session.scalar(
        select(Assignment)
        .where(Assignment.id == assignment_id)
        .options(
            joinedload(Assignment.department),
            joinedload(Assignment.opinion).joinedload(Opinion.speaker),
            joinedload(Assignment.opinion).joinedload(Opinion.meeting),
            joinedload(Assignment.opinion).selectinload(Opinion.suggestions),
            selectinload(Assignment.replies).selectinload(Reply.author),
            selectinload(Assignment.replies).joinedload(Reply.rating),
            selectinload(Assignment.replies)
            .selectinload(Reply.commitments)
            .options(selectinload(Commitment.updates), joinedload(Commitment.department)),
            selectinload(Assignment.events).joinedload(AssignmentEvent.actor),
        )
    )


def purpose_for(assignment: Assignment) -> ReplyPurpose:
    return ReplyPurpose.INPUT if assignment.role == AssignmentRole.CO else ReplyPurpose.REPLY


def current_round(assignment: Assignment) -> int:
    """Round 1, or one more than the last submitted reply once the assignment is reopened."""
    submitted = [r.round for r in assignment.replies if r.status == ReplyStatus.SUBMITTED]
    if assignment.status == AssignmentStatus.REOPENED and submitted:
        return max(submitted) + 1
    rounds = [r.round for r in assignment.replies]
    return max(rounds) if rounds else 1


def working_reply(assignment: Assignment) -> Reply | None:
    """The reply of the current round (a draft, a submitted one, or none yet)."""
    wanted = (current_round(assignment), purpose_for(assignment))
    return next((r for r in assignment.replies if (r.round, r.purpose) == wanted), None)


def earlier_replies(assignment: Assignment) -> list[Reply]:
    """Submitted replies of earlier rounds, kept visible with their ratings."""
    round_ = current_round(assignment)
    return [r for r in assignment.replies if r.round < round_ and r.status == ReplyStatus.SUBMITTED]


def open_for_writing(assignment: Assignment) -> bool:
    return assignment.status in OPEN_STATUSES


@dataclass
class CoInputs:
    """What the 会办 lead sees of its co-handlers: submitted inputs and who is still missing."""

    received: list[Reply] = field(default_factory=list)
    missing: list[Assignment] = field(default_factory=list)


def co_inputs(assignment: Assignment) -> CoInputs:
    """Co-handlers' submitted inputs for a lead's opinion (their drafts stay private)."""
    result = CoInputs()
    if assignment.role != AssignmentRole.LEAD:
        return result
    co_assignments = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.opinion_id == assignment.opinion_id,
            Assignment.role == AssignmentRole.CO,
            Assignment.status.in_(ACTIVE_STATUSES),
        )
        .options(joinedload(Assignment.department), selectinload(Assignment.replies))
        .order_by(Assignment.id)
    )
    for co in co_assignments:
        inputs = [
            r
            for r in co.replies
            if r.purpose == ReplyPurpose.INPUT and r.status == ReplyStatus.SUBMITTED
        ]
        if inputs:
            result.received.extend(inputs)
        else:
            result.missing.append(co)
    return result


# ---------------------------------------------------------------- writing


class ReplyConflict(RuleViolation):
    """Someone saved the reply since this form was loaded; `current` is what they saved."""

    def __init__(self, current: Reply | None):
        super().__init__(
            _(
                "Someone else saved this reply while you were editing it. Your text is kept "
                "below next to the saved version: merge them and save again."
            ),
            409,
        )
        self.current = snapshot(current) if current is not None else None


def snapshot(reply: Reply) -> dict[str, Any]:
    return {
        "version": reply.version,
        "category": reply.category,
        "channel": reply.channel,
        "contact_method": reply.contact_method,
        "text": reply.text,
        "author": reply.author.display_name if reply.author else "",
        "updated_at": reply.updated_at,
    }


def _apply(reply: Reply, data: dict[str, Any]) -> None:
    category = data.get("category") or None
    if category is not None:
        category = ReplyCategory(category)
        if category not in allowed_categories():
            raise RuleViolation(_("This reply category is not used by this office."))
    reply.category = category
    reply.channel = ReplyChannel(data.get("channel") or ReplyChannel.WRITTEN)
    contact = (data.get("contact_method") or "").strip()
    if contact and contact not in CONTACT_METHODS:
        raise RuleViolation(_("Choose how the department met the member."))
    reply.contact_method = contact
    reply.text = (data.get("text") or "").strip()


def _find_reply(assignment_id: int, round_: int, purpose: ReplyPurpose) -> Reply | None:
    return db.session.scalar(
        select(Reply).where(
            Reply.assignment_id == assignment_id, Reply.round == round_, Reply.purpose == purpose
        )
    )


def ensure_open(assignment: Assignment) -> None:
    if not open_for_writing(assignment):
        raise RuleViolation(
            _(
                "This assignment is %(status)s: there is no reply to write now.",
                status=assignment.status.label,
            ),
            409,
        )


def save_reply(
    assignment: Assignment, data: dict[str, Any], by_user: User | None, based_on_version: int | None
) -> Reply:
    """Save the current round's draft. `based_on_version` is the version the form showed
    (None when it showed no saved draft); an older one raises ReplyConflict (409)."""
    ensure_open(assignment)
    # Read before any change: loading it must not flush half a save. None: a script (demo).
    author_id = getattr(by_user, "id", None)
    round_, purpose = current_round(assignment), purpose_for(assignment)
    reply = _find_reply(assignment.id, round_, purpose)
    if reply is None:
        if based_on_version:  # the form showed a draft that is gone: cannot happen, be safe
            raise ReplyConflict(None)
        reply = Reply(assignment_id=assignment.id, round=round_, purpose=purpose)
        _apply(reply, data)
        reply.author_id = author_id
        try:
            with db.session.begin_nested():
                db.session.add(reply)
                db.session.flush()
        except IntegrityError:  # a colleague created the draft at the same moment
            raise ReplyConflict(_find_reply(assignment.id, round_, purpose)) from None
        db.session.expire(assignment, ["replies"])
        return reply
    if reply.status == ReplyStatus.SUBMITTED:
        raise RuleViolation(_("This reply has been submitted and can no longer be changed."), 409)
    if based_on_version != reply.version:
        raise ReplyConflict(reply)
    try:
        with db.session.begin_nested():
            with db.session.no_autoflush:
                _apply(reply, data)
                reply.author_id = author_id
            db.session.flush()  # UPDATE ... WHERE version = the one we read
    except StaleDataError:  # saved by another request between our read and our write
        db.session.expire(reply)
        raise ReplyConflict(reply) from None
    return reply


def missing_for_submit(reply: Reply) -> list[str]:
    problems = []
    if not reply.text:
        problems.append(_("the reply text"))
    if reply.purpose == ReplyPurpose.REPLY:
        if reply.category is None:
            problems.append(_("the reply category"))
        if not reply.contact_method:
            problems.append(_("how the department met the member"))
    return problems


def submit_reply(reply: Reply, by_user: User | None) -> Reply:
    """Send the draft: it becomes read-only, the assignment is replied (or done)."""
    assignment = reply.assignment
    author_id = getattr(by_user, "id", None)
    if reply.status == ReplyStatus.SUBMITTED:
        raise RuleViolation(_("This reply has already been submitted."), 409)
    ensure_open(assignment)
    if reply.round != current_round(assignment):
        raise RuleViolation(_("This draft belongs to an earlier round."), 409)
    if problems := missing_for_submit(reply):
        raise RuleViolation(
            _("Before submitting, please fill in %(what)s.", what="、".join(problems))
        )
    if reply.category is not None and reply.category not in allowed_categories():
        raise RuleViolation(_("This reply category is not used by this office."))
    reply.status = ReplyStatus.SUBMITTED
    reply.submitted_at = clock.now()
    reply.author_id = author_id
    transition(assignment, AssignmentStatus.REPLIED, by_user)
    db.session.flush()
    settle(assignment, by_user)
    ratings.notify_reply_to_rate(reply)  # the member is asked to rate a written reply
    return reply
