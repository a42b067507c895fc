"""Replies: drafts, submission, the office's categories, 会办 input, optimistic locking."""

import pytest
from sqlalchemy import text, update

from common.errors import RuleViolation
from extensions import db
from responses import replies
from responses.models import (
    AssignmentEventKind,
    AssignmentStatus,
    Reply,
    ReplyCategory,
    ReplyPurpose,
    ReplyStatus,
)
from tests.factories import make_assignment
from tests.responses.reply.conftest import GOOD_REPLY

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_a_draft_is_saved_and_versioned(world):
    reply = replies.save_reply(world.assignment, {"text": "初稿"}, world.users.x, None)
    assert (reply.status, reply.version, reply.round) == (ReplyStatus.DRAFT, 1, 1)
    assert reply.purpose == ReplyPurpose.REPLY and reply.category is None
    assert world.assignment.status == AssignmentStatus.ASSIGNED
    same = replies.save_reply(world.assignment, {"text": "二稿"}, world.users.x2, 1)
    assert same.id == reply.id and same.version == 2 and same.text == "二稿"
    assert same.author_id == world.users.x2.id


def test_submit_makes_it_read_only_and_marks_the_assignment_replied(world):
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    replies.submit_reply(reply, world.users.x)
    db.session.commit()
    assert reply.status == ReplyStatus.SUBMITTED and reply.submitted_at is not None
    assert world.assignment.status == AssignmentStatus.REPLIED
    assert (
        max(world.assignment.events, key=lambda e: (e.at, e.id)).kind == AssignmentEventKind.REPLIED
    )
    with pytest.raises(RuleViolation) as refused:
        replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, reply.version)
    assert refused.value.status == 409
    with pytest.raises(RuleViolation) as again:
        replies.submit_reply(reply, world.users.x)
    assert again.value.status == 409


@pytest.mark.parametrize("missing", ["text", "category", "contact_method"])
def test_submit_needs_text_category_and_contact(world, missing):
    reply = replies.save_reply(world.assignment, {**GOOD_REPLY, missing: ""}, world.users.x, None)
    with pytest.raises(RuleViolation) as refused:
        replies.submit_reply(reply, world.users.x)
    assert refused.value.status == 422
    assert reply.status == ReplyStatus.DRAFT


def test_categories_follow_the_office_configuration(app, world, monkeypatch):
    assert replies.allowed_categories() == [ReplyCategory.A, ReplyCategory.B, ReplyCategory.C]
    with pytest.raises(RuleViolation):
        replies.save_reply(world.assignment, {**GOOD_REPLY, "category": "D"}, world.users.x, None)
    monkeypatch.setitem(app.config, "REPLY_CATEGORIES", "ABCD")
    reply = replies.save_reply(
        world.assignment, {**GOOD_REPLY, "category": "D"}, world.users.x, None
    )
    assert reply.category == ReplyCategory.D


def test_unknown_contact_method_is_refused(world):
    with pytest.raises(RuleViolation):
        replies.save_reply(
            world.assignment,
            {**GOOD_REPLY, "contact_method": "carrier pigeon"},
            world.users.x,
            None,
        )


def test_closed_assignments_take_no_reply(world):
    for status in (AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED, AssignmentStatus.DONE):
        world.assignment.status = status
        with pytest.raises(RuleViolation) as refused:
            replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
        assert refused.value.status == 409


# ---------------------------------------------------------------- 会办


def joint(world):
    world.assignment.mode = "joint"
    co = make_assignment(world.opinion, world.dept_y, mode="joint", role="co")
    db.session.commit()
    return co


def test_co_handler_writes_an_input_the_lead_sees_once_submitted(world):
    co = joint(world)
    assert [a.department.name for a in replies.co_inputs(world.assignment).missing] == ["区教育局"]
    draft = replies.save_reply(co, {"text": "教育局意见：幼儿园可开设托班。"}, world.users.y, None)
    assert draft.purpose == ReplyPurpose.INPUT
    # A draft input is the co-handler's own: the lead does not see it yet.
    assert replies.co_inputs(world.assignment).received == []
    replies.submit_reply(draft, world.users.y)  # no category or contact needed for an input
    inputs = replies.co_inputs(world.assignment)
    assert inputs.missing == [] and [r.text for r in inputs.received] == [draft.text]
    assert co.status == AssignmentStatus.REPLIED
    assert replies.co_inputs(co).received == []  # the co-handler is not shown others' inputs


def test_the_lead_may_submit_while_inputs_are_missing(world):
    joint(world)
    reply = replies.save_reply(world.assignment, GOOD_REPLY, world.users.x, None)
    replies.submit_reply(reply, world.users.x)
    assert world.assignment.status == AssignmentStatus.REPLIED
    assert len(replies.co_inputs(world.assignment).missing) == 1


# ---------------------------------------------------------------- optimistic locking


def test_second_save_on_the_same_version_is_a_conflict_that_keeps_both(world):
    first = replies.save_reply(world.assignment, {"text": "共同的初稿"}, world.users.x, None)
    db.session.commit()
    # Two liaisons opened the draft at version 1.
    replies.save_reply(world.assignment, {"text": "甲的修改"}, world.users.x, 1)
    db.session.commit()
    with pytest.raises(replies.ReplyConflict) as conflict:
        replies.save_reply(world.assignment, {"text": "乙的修改"}, world.users.x2, 1)
    assert conflict.value.status == 409
    assert conflict.value.current["text"] == "甲的修改"
    assert conflict.value.current["version"] == 2
    db.session.rollback()
    assert db.session.get(Reply, first.id).text == "甲的修改"  # nothing overwritten
    # Having merged, the second liaison saves over the version they now saw.
    merged = replies.save_reply(world.assignment, {"text": "甲乙合并稿"}, world.users.x2, 2)
    assert merged.version == 3 and merged.text == "甲乙合并稿"


def test_a_save_racing_another_request_is_a_conflict(world):
    reply = replies.save_reply(world.assignment, {"text": "初稿"}, world.users.x, None)
    db.session.commit()
    assert reply.text == "初稿"  # loaded at version 1 in this session
    # Another request commits version 2 between our read and our write.
    with db.engine.begin() as other:
        other.execute(update(Reply).where(Reply.id == reply.id).values(text="别人的稿", version=2))
    with pytest.raises(replies.ReplyConflict) as conflict:
        replies.save_reply(world.assignment, {"text": "我的稿"}, world.users.x2, 1)
    assert conflict.value.current["text"] == "别人的稿"
    db.session.rollback()
    assert db.session.scalar(text(f"select text from reply where id = {reply.id}")) == "别人的稿"


def test_a_stale_version_cannot_be_submitted_through_save(world):
    replies.save_reply(world.assignment, {"text": "初稿"}, world.users.x, None)
    with pytest.raises(replies.ReplyConflict):
        replies.save_reply(world.assignment, GOOD_REPLY, world.users.x2, None)


def test_a_script_may_save_and_submit_without_a_user(world):
    """The demo loader writes replies outside any request (by_user=None)."""
    reply = replies.save_reply(world.assignment, GOOD_REPLY, None, None)
    replies.submit_reply(reply, None)
    assert reply.author_id is None and world.assignment.status == AssignmentStatus.REPLIED
