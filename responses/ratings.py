"""Ratings (满意度测评): the opinion's member rates a submitted written reply.

Unsatisfied reopens the assignment for another round (up to REPLY_MAX_ROUNDS, default 2)
with a fresh due date; the first reply and its rating stay on record. Satisfied or
basically satisfied settles the assignment: it is done once no commitment is still open.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import Role, User
from common import clock
from common.errors import RuleViolation
from extensions import db
from opinions.models import Opinion
from responses import notices
from responses.lifecycle import max_rounds, settle, transition
from responses.models import (
    Assignment,
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
    last_round = reply.round >= max_rounds()
    if value == RatingValue.UNSATISFIED and not last_round:
        if assignment.status in (AssignmentStatus.REPLIED, AssignmentStatus.DONE):
            # The second reply gets a deadline of its own, counted from today as the first was.
            fresh_due = add_working_days(clock.today(), configured_working_days())
            assignment.due_date = max(assignment.due_date, fresh_due)
            transition(assignment, AssignmentStatus.REOPENED, by_user, comment)
            db.session.flush()
    else:
        settle(assignment, by_user)
    return rating


def notify_reply_to_rate(reply: Reply) -> None:
    """满意度测评: the member whose opinion a submitted written reply answers is asked to rate
    it, in-app and by e-mail (to the participant's address) when mail is configured."""
    assignment = reply.assignment
    if not rateable(reply) or assignment.role != AssignmentRole.LEAD or reply.rating is not None:
        return
    opinion = assignment.opinion
    if opinion.speaker_id is None:
        return
    members = notices.member_users(opinion.speaker_id)
    if not members:
        return
    db.session.flush()
    link = notices.path_for("inbox.reply_page", reply_id=reply.id)
    with force_locale(notices.office_locale()):
        message = _(
            "%(department)s replied to your opinion “%(title)s”: please read the reply and "
            "rate it.",
            department=assignment.department.name,
            title=opinion.title,
        )
        notices.notify_users(members, message, link)
        notices.mail(
            opinion.speaker.email,
            _("[XieShangTong] A reply awaits your rating: %(title)s", title=opinion.title),
            [
                _("Dear %(name)s,", name=opinion.speaker.name),
                "",
                message,
                _("Read and rate it here: %(link)s", link=notices.absolute(link)),
            ],
        )


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
