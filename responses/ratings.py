"""Ratings (满意度测评): the opinion's member rates a submitted written reply.

Unsatisfied reopens the assignment for another round (up to REPLY_MAX_ROUNDS, default 2)
with a fresh due date; the first reply and its rating stay on record. Satisfied or
basically satisfied settles the assignment: it is done once no commitment is still open.
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import Role, User
from common.errors import RuleViolation
from extensions import db
from meetings.opinion_models import Opinion
from responses import notices, replies
from responses.models import (
    Assignment,
    AssignmentEventKind,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    Rating,
    RatingValue,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)
from responses.workdays import add_working_days, configured_working_days

MAX_COMMENT = 2000


def is_rater(user: User, reply: Reply) -> bool:
    """The member whose participant record is the opinion's speaker."""
    return (
        getattr(user, "role", None) == Role.MEMBER
        and user.participant_id is not None
        and reply.assignment.opinion.speaker_id == user.participant_id
    )


def rateable(reply: Reply) -> bool:
    return (
        reply.purpose == ReplyPurpose.REPLY
        and reply.status == ReplyStatus.SUBMITTED
        and reply.channel == ReplyChannel.WRITTEN
        and reply.assignment.status not in (AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED)
    )


def rate_reply(reply: Reply, value: RatingValue | str, comment: str, by_user: User) -> Rating:
    """Record the member's rating; unsatisfied reopens the assignment for the next round."""
    if not is_rater(by_user, reply):
        raise RuleViolation(_("Only the member who raised the opinion may rate its reply."), 403)
    if not rateable(reply):
        raise RuleViolation(_("Only a submitted written reply can be rated."), 409)
    if reply.rating is not None:
        raise RuleViolation(_("This reply has already been rated."), 409)
    value = RatingValue(value)
    comment = (comment or "").strip()
    if value == RatingValue.UNSATISFIED and not comment:
        raise RuleViolation(_("Please say why you are not satisfied."))
    if len(comment) > MAX_COMMENT:
        raise RuleViolation(_("The comment is too long (at most 2000 characters)."))
    rating = Rating(
        reply_id=reply.id,
        participant_id=by_user.participant_id,
        value=value,
        comment=comment,
        rated_by_id=by_user.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(rating)
            db.session.flush()
    except IntegrityError:  # rated in another tab at the same moment
        raise RuleViolation(_("This reply has already been rated."), 409) from None
    db.session.expire(reply, ["rating"])
    notices.rated(reply, by_user)  # the "please rate" notice is done with
    assignment = reply.assignment
    last_round = reply.round >= replies.max_rounds()
    if value == RatingValue.UNSATISFIED and not last_round:
        if assignment.status in (AssignmentStatus.REPLIED, AssignmentStatus.DONE):
            assignment.status = AssignmentStatus.REOPENED
            # The second reply gets a deadline of its own, counted from today as the first was.
            fresh_due = add_working_days(replies.today(), configured_working_days())
            assignment.due_date = max(assignment.due_date, fresh_due)
            replies.add_event(assignment, AssignmentEventKind.REOPENED, by_user, comment)
            db.session.flush()
    else:
        replies.settle(assignment, by_user)
    return rating


def awaiting_rating(user: User) -> list[Reply]:
    """Submitted written replies to this member's opinions that they have not rated yet."""
    if user.participant_id is None:
        return []
    return list(
        db.session.scalars(
            select(Reply)
            .join(Reply.assignment)
            .join(Assignment.opinion)
            .outerjoin(Rating, Rating.reply_id == Reply.id)
            .where(
                Opinion.speaker_id == user.participant_id,
                Reply.purpose == ReplyPurpose.REPLY,
                Reply.status == ReplyStatus.SUBMITTED,
                Reply.channel == ReplyChannel.WRITTEN,
                Rating.id.is_(None),
                Assignment.role == AssignmentRole.LEAD,
                Assignment.status.not_in((AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED)),
            )
            .options(
                joinedload(Reply.assignment).joinedload(Assignment.department),
                joinedload(Reply.assignment)
                .joinedload(Assignment.opinion)
                .joinedload(Opinion.meeting),
            )
            .order_by(Reply.submitted_at)
        )
    )


def rated_by(user: User) -> list[Reply]:
    """Replies this member has rated, newest first (for the same page)."""
    if user.participant_id is None:
        return []
    return list(
        db.session.scalars(
            select(Reply)
            .join(Rating, Rating.reply_id == Reply.id)
            .where(Rating.participant_id == user.participant_id)
            .options(
                joinedload(Reply.rating),
                joinedload(Reply.assignment).joinedload(Assignment.department),
                joinedload(Reply.assignment).joinedload(Assignment.opinion),
            )
            .order_by(Rating.created_at.desc(), Rating.id.desc())
        )
    )


def load_reply(reply_id: int) -> Reply | None:
    """A reply with what its page shows: opinion, commitments and progress, rating."""
    return db.session.scalar(
        select(Reply)
        .where(Reply.id == reply_id)
        .options(
            joinedload(Reply.author),
            joinedload(Reply.rating),
            joinedload(Reply.assignment).joinedload(Assignment.department),
            joinedload(Reply.assignment).joinedload(Assignment.opinion).joinedload(Opinion.meeting),
            joinedload(Reply.assignment).joinedload(Assignment.opinion).joinedload(Opinion.speaker),
            selectinload(Reply.commitments).selectinload(Commitment.updates),
        )
    )
