"""Commitments: added with the reply or later, progress updates, done, derived overdue."""

from datetime import date, timedelta

import pytest

from common.errors import RuleViolation
from extensions import db
from responses import commitments, lifecycle, ratings, replies
from responses.models import AssignmentStatus, CommitmentStatus
from tests.responses.reply.conftest import GOOD_REPLY, TODAY

pytestmark = pytest.mark.usefixtures("request_ctx")

DUE = TODAY + timedelta(days=30)


def submitted_reply(world, **data):
    reply = replies.save_reply(world.assignment, {**GOOD_REPLY, **data}, world.users.x, None)
    commitment = commitments.add_commitment(reply, "每个街道建成2家成长驿站", DUE)
    replies.submit_reply(reply, world.users.x)
    db.session.commit()
    return reply, commitment


def test_commitment_added_to_a_draft_then_tracked_after_submission(world):
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    commitment = commitments.add_commitment(reply, "  年底前新增托位300个 ", DUE)
    assert commitment.text == "年底前新增托位300个"
    assert commitment.department_id == world.dept_x.id
    assert commitment.status == CommitmentStatus.OPEN
    with pytest.raises(RuleViolation) as early:
        commitments.post_progress(commitment, TODAY, "已选址", 10, world.users.x)
    assert early.value.status == 409
    replies.submit_reply(reply, world.users.x)
    later = commitments.add_commitment(reply, "出台托育补贴办法", DUE)  # after submission too
    assert [c.text for c in reply.commitments] == [commitment.text, later.text]


def test_progress_moves_open_to_in_progress_to_done(world):
    _reply, commitment = submitted_reply(world)
    update = commitments.post_progress(commitment, TODAY, "已完成选址", 40, world.users.x)
    assert commitment.status == CommitmentStatus.IN_PROGRESS and update.percent == 40
    assert commitments.latest_percent(commitment) == 40
    commitments.post_progress(commitment, TODAY, "全部建成", 100, world.users.x)
    assert commitment.status == CommitmentStatus.DONE and commitment.done_at is not None
    with pytest.raises(RuleViolation):
        commitments.post_progress(commitment, TODAY, "再报一次", 100, world.users.x)
    with pytest.raises(RuleViolation):
        commitments.edit_commitment(commitment, "改一改", DUE)


def test_mark_done_explicitly(world):
    _reply, commitment = submitted_reply(world)
    commitments.mark_done(commitment, world.users.x)
    assert commitment.status == CommitmentStatus.DONE and commitment.done_at is not None
    assert commitments.latest_percent(commitment) == 100


@pytest.mark.parametrize(
    "on_date, note, percent",
    [
        (TODAY + timedelta(days=1), "明天的进展", 10),  # not in the future
        (None, "没有日期", 10),
        (TODAY, "   ", 10),
        (TODAY, "超过一百", 101),
        (TODAY, "负数", -1),
        (TODAY, "没有百分比", None),
    ],
)
def test_bad_progress_is_refused(world, on_date, note, percent):
    _reply, commitment = submitted_reply(world)
    with pytest.raises(RuleViolation):
        commitments.post_progress(commitment, on_date, note, percent, world.users.x)
    assert commitment.status == CommitmentStatus.OPEN and commitment.updates == []


def test_commitment_needs_text_and_date_and_belongs_to_a_reply_not_an_input(world):
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    with pytest.raises(RuleViolation):
        commitments.add_commitment(reply, " ", DUE)
    with pytest.raises(RuleViolation):
        commitments.add_commitment(reply, "有内容", None)
    from tests.factories import make_assignment

    co = make_assignment(world.opinion, world.dept_y, mode="joint", role="co")
    co_input = replies.save_reply(co, {"text": "协办意见"}, world.users.y, None)
    with pytest.raises(RuleViolation):
        commitments.add_commitment(co_input, "协办承诺", DUE)


def test_only_a_draft_replys_commitment_can_be_removed(world):
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    commitment = commitments.add_commitment(reply, "写错了", DUE)
    commitments.remove_commitment(commitment)
    assert reply.commitments == []
    kept = commitments.add_commitment(reply, "保留", DUE)
    replies.submit_reply(reply, world.users.x)
    with pytest.raises(RuleViolation):
        commitments.remove_commitment(kept)


def test_overdue_is_derived_from_a_fixed_date(world, clock):
    _reply, commitment = submitted_reply(world)
    assert not lifecycle.commitment_overdue(commitment)
    clock.set(DUE + timedelta(days=1))
    assert lifecycle.commitment_overdue(commitment)
    overdue = commitments.CommitmentFilters(overdue=True)
    assert db.session.scalars(commitments.commitments_query(overdue)).all() == [commitment]
    commitments.mark_done(commitment, world.users.x)
    assert not lifecycle.commitment_overdue(commitment)
    assert db.session.scalars(commitments.commitments_query(overdue)).all() == []


def test_lists_show_submitted_replies_commitments_filtered(world):
    draft = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    commitments.add_commitment(draft, "草稿中的承诺", DUE)
    db.session.commit()
    everything = commitments.CommitmentFilters()
    assert db.session.scalars(commitments.commitments_query(everything)).all() == []
    replies.submit_reply(draft, world.users.x)
    mine = commitments.CommitmentFilters(department_id=world.dept_x.id)
    theirs = commitments.CommitmentFilters(department_id=world.dept_y.id)
    done = commitments.CommitmentFilters(status=CommitmentStatus.DONE)
    assert len(db.session.scalars(commitments.commitments_query(mine)).all()) == 1
    assert db.session.scalars(commitments.commitments_query(theirs)).all() == []
    assert db.session.scalars(commitments.commitments_query(done)).all() == []


# ---------------------------------------------------------------- when is it done


def test_satisfied_rating_waits_for_open_commitments(world):
    reply, commitment = submitted_reply(world)
    ratings.rate_reply(reply, "satisfied", "", world.users.a)
    assert world.assignment.status == AssignmentStatus.REPLIED  # a promise is still open
    commitments.post_progress(commitment, TODAY, "完成", 100, world.users.x)
    assert world.assignment.status == AssignmentStatus.DONE


def test_oral_reply_without_commitments_is_done_on_submission(world):
    reply = replies.save_reply(
        world.assignment,
        {**GOOD_REPLY, "channel": "oral", "contact_method": "forum"},
        world.users.x,
        None,
    )
    replies.submit_reply(reply, world.users.x)
    assert world.assignment.status == AssignmentStatus.DONE


def test_commitments_of_a_done_assignment_are_closed(world):
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    replies.submit_reply(reply, world.users.x)
    ratings.rate_reply(reply, "basically", "", world.users.a)
    assert world.assignment.status == AssignmentStatus.DONE
    with pytest.raises(RuleViolation) as refused:
        commitments.add_commitment(reply, "迟到的承诺", date(2030, 12, 31))
    assert refused.value.status == 409
