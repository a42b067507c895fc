"""Ratings: only the opinion's member, only submitted written replies, unsatisfied reopens."""

import pytest

from common.errors import RuleViolation
from extensions import db
from responses import lifecycle, ratings, replies
from responses.models import (
    AssignmentEventKind,
    AssignmentStatus,
    RatingValue,
    ReplyStatus,
)
from responses.workdays import add_working_days
from tests.responses.reply.conftest import GOOD_REPLY, TODAY

pytestmark = pytest.mark.usefixtures("request_ctx")


def submitted(world, **data):
    reply = replies.save_reply(
        world.assignment, {**GOOD_REPLY, **data}, world.users.x, replies_version(world)
    )
    replies.submit_reply(reply, world.users.x)
    db.session.commit()
    return reply


def replies_version(world):
    current = replies.working_reply(world.assignment)
    return current.version if current is not None and current.status.value == "draft" else None


def test_the_opinions_member_rates_a_submitted_written_reply(world):
    reply = submitted(world)
    assert ratings.awaiting_rating(world.users.a) == [reply]
    assert ratings.awaiting_rating(world.users.b) == []
    rating = ratings.rate_reply(reply, RatingValue.SATISFIED, "", world.users.a)
    assert rating.participant_id == world.member_a.id and rating.rated_by_id == world.users.a.id
    assert world.assignment.status == AssignmentStatus.DONE  # no commitments to wait for
    assert ratings.awaiting_rating(world.users.a) == []
    assert ratings.rated_by(world.users.a) == [reply]


@pytest.mark.parametrize("who", ["b", "x", "sec", "chair"])
def test_nobody_else_may_rate(world, who):
    reply = submitted(world)
    with pytest.raises(RuleViolation) as refused:
        ratings.rate_reply(reply, "satisfied", "", getattr(world.users, who))
    assert refused.value.status == 403
    assert reply.rating is None


def test_drafts_and_oral_replies_are_not_rated(world):
    draft = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    with pytest.raises(RuleViolation) as refused:
        ratings.rate_reply(draft, "satisfied", "", world.users.a)
    assert refused.value.status == 409
    draft.channel = "oral"
    replies.submit_reply(draft, world.users.x)
    with pytest.raises(RuleViolation):
        ratings.rate_reply(draft, "satisfied", "", world.users.a)
    assert ratings.awaiting_rating(world.users.a) == []


def test_unsatisfied_needs_a_comment_and_one_rating_per_reply(world):
    reply = submitted(world)
    with pytest.raises(RuleViolation) as refused:
        ratings.rate_reply(reply, "unsatisfied", "  ", world.users.a)
    assert refused.value.status == 422
    ratings.rate_reply(reply, "basically", "", world.users.a)
    with pytest.raises(RuleViolation) as twice:
        ratings.rate_reply(reply, "satisfied", "", world.users.a)
    assert twice.value.status == 409


def test_unsatisfied_reopens_for_a_second_reply_keeping_the_first(world):
    first = submitted(world, text="第一次答复")
    ratings.rate_reply(first, "unsatisfied", "答复没有具体时间表", world.users.a)
    db.session.commit()
    assignment = world.assignment
    assert assignment.status == AssignmentStatus.REOPENED
    reopened = max(assignment.events, key=lambda e: (e.at, e.id))  # same second: id decides
    assert reopened.kind == AssignmentEventKind.REOPENED and reopened.note == "答复没有具体时间表"
    assert replies.current_round(assignment) == 2
    assert replies.working_reply(assignment) is None
    # The second reply has a deadline of its own (20 working days from today).
    assert assignment.due_date == add_working_days(TODAY, 20)
    second = replies.save_reply(
        assignment, {**GOOD_REPLY, "text": "第二次答复"}, world.users.x, None
    )
    assert second.round == 2 and second.id != first.id
    replies.submit_reply(second, world.users.x)
    db.session.commit()
    db.session.expire_all()
    assert [(r.round, r.status) for r in assignment.replies] == [
        (1, ReplyStatus.SUBMITTED),
        (2, ReplyStatus.SUBMITTED),
    ]
    assert [r.text for r in replies.earlier_replies(assignment)] == ["第一次答复"]
    assert first.text == "第一次答复" and first.rating.value == RatingValue.UNSATISFIED
    assert ratings.awaiting_rating(world.users.a) == [second]


def test_the_last_round_is_not_reopened_again(world):
    first = submitted(world)
    ratings.rate_reply(first, "unsatisfied", "不满意", world.users.a)
    second = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    replies.submit_reply(second, world.users.x)
    assert replies.earlier_replies(world.assignment) == [first]
    ratings.rate_reply(second, "unsatisfied", "仍不满意", world.users.a)
    # Two rounds is the practice (REPLY_MAX_ROUNDS): the record stands, handling ends.
    assert world.assignment.status == AssignmentStatus.DONE


def test_a_reopened_assignment_past_its_date_gets_a_new_one(world, clock):
    from datetime import timedelta

    reply = submitted(world)
    clock.set(world.assignment.due_date + timedelta(days=10))
    ratings.rate_reply(reply, "unsatisfied", "不满意", world.users.a)
    assert world.assignment.due_date > clock.today()
    assert not lifecycle.is_overdue(world.assignment, clock.today())
