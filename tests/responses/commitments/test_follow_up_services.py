"""Services: a reply's commitments written with it, follow-up until done, reopening."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from common.errors import RuleViolation
from extensions import db
from responses import board_states, commitments, ratings, reopening, replies
from responses.board import BoardFilter, OpinionState, opinion_state
from responses.models import (
    AssignmentEventKind,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Reply,
)
from responses.reply_commitments import (
    CommitmentRow,
    follow_up_dues,
    opinion_follow_up_due,
    save_reply_form,
)
from tests.responses.commitments.conftest import GOOD_REPLY, ORAL_B, TODAY, all_commitments

pytestmark = pytest.mark.usefixtures("request_ctx")

SOON = TODAY + timedelta(days=20)
LATER = TODAY + timedelta(days=60)


def oral_b_with(world, *promises: CommitmentRow) -> Reply:
    reply = save_reply_form(world.assignment, ORAL_B, promises, world.users.x, None, submit=True)
    db.session.commit()
    return reply


def test_an_oral_b_reply_with_a_commitment_from_the_first_save_stays_in_follow_up(world):
    reply = oral_b_with(world, CommitmentRow("年底前新增托位300个", SOON))
    assert reply.status.value == "submitted" and reply.category.value == "B"
    [commitment] = all_commitments()
    assert (commitment.reply_id, commitment.department_id) == (reply.id, world.dept_x.id)
    assert world.assignment.status == AssignmentStatus.REPLIED  # not closed: a promise is open
    assert follow_up_dues([world.assignment]) == {world.assignment.id: SOON}
    db.session.expire_all()
    assert opinion_state(world.opinion) == OpinionState.RATED  # in follow-up
    assert opinion_follow_up_due(world.opinion) == SOON
    sql_states = board_states.opinion_states(BoardFilter())
    assert sql_states[world.opinion.id] == OpinionState.RATED


def test_the_assignment_closes_when_the_last_commitment_is_done(world):
    oral_b_with(world, CommitmentRow("新增托位", SOON), CommitmentRow("出台补贴办法", LATER))
    first, second = all_commitments()
    commitments.post_progress(first, TODAY, "已完成", 100, world.users.x)
    assert world.assignment.status == AssignmentStatus.REPLIED
    assert follow_up_dues([world.assignment]) == {world.assignment.id: LATER}
    commitments.post_progress(second, TODAY, "已过半", 50, world.users.x)
    assert world.assignment.status == AssignmentStatus.REPLIED  # in progress is not done
    commitments.mark_done(second, world.users.x)
    db.session.commit()
    assert world.assignment.status == AssignmentStatus.DONE
    assert world.assignment.events[-1].kind == AssignmentEventKind.DONE
    assert follow_up_dues([world.assignment]) == {}
    db.session.expire_all()
    assert opinion_state(world.opinion) == OpinionState.DONE


def test_an_oral_reply_without_commitments_closes_at_once(world):
    oral_b_with(world)
    assert world.assignment.status == AssignmentStatus.DONE


def test_a_written_reply_with_two_commitments_for_two_departments(world):
    rows = [
        CommitmentRow("卫健局：年底前新增托位300个", SOON),  # no department: the replying one
        CommitmentRow("教育局：幼儿园开设托班", LATER, world.dept_y.id),
    ]
    reply = save_reply_form(world.assignment, GOOD_REPLY, rows, world.users.x, None, submit=True)
    db.session.commit()
    assert [(c.text[:3], c.department_id) for c in all_commitments()] == [
        ("卫健局", world.dept_x.id),
        ("教育局", world.dept_y.id),
    ]
    # The written reply also waits for the member's rating, then for both commitments.
    for commitment in all_commitments():
        commitments.mark_done(commitment, world.users.x)
    assert world.assignment.status == AssignmentStatus.REPLIED
    ratings.rate_reply(db.session.get(Reply, reply.id), "satisfied", "", world.users.a)
    assert world.assignment.status == AssignmentStatus.DONE


def test_a_draft_keeps_its_commitments_edits_and_removes_them(world):
    rows = [CommitmentRow("初稿承诺", SOON), CommitmentRow("要删掉的承诺", LATER)]
    draft = save_reply_form(world.assignment, GOOD_REPLY, rows, world.users.x, None)
    db.session.commit()
    assert draft.status.value == "draft"
    kept, dropped = all_commitments()
    assert (kept.text, dropped.text) == ("初稿承诺", "要删掉的承诺")
    version = draft.version
    rows = [
        CommitmentRow("改过的承诺", LATER, world.dept_y.id, id=kept.id),
        CommitmentRow("", None, world.dept_x.id, id=dropped.id),  # emptied: removed
        CommitmentRow("", None, world.dept_x.id),  # a blank new row: ignored
    ]
    same = save_reply_form(world.assignment, GOOD_REPLY, rows, world.users.x, version)
    db.session.commit()
    [changed] = all_commitments()
    assert (changed.id, changed.text, changed.department_id) == (
        kept.id,
        "改过的承诺",
        world.dept_y.id,
    )
    # Only the commitments changed, yet the reply has a new version (a colleague is told).
    assert same.version == version + 1
    with pytest.raises(replies.ReplyConflict):
        save_reply_form(world.assignment, GOOD_REPLY, [], world.users.x2, version)


def test_a_bad_row_writes_nothing(world):
    rows = [CommitmentRow("好的承诺", SOON), CommitmentRow("没有日期的承诺", None)]
    with pytest.raises(RuleViolation) as refused:
        save_reply_form(world.assignment, GOOD_REPLY, rows, world.users.x, None, submit=True)
    assert "第2项承诺" in refused.value.message
    db.session.rollback()
    print(db.session.scalars(select(Reply)).all(), db.session.scalars(select(Reply.status)).all())
    assert db.session.scalar(select(Reply.id)) is None and all_commitments() == []
    assert world.assignment.status == AssignmentStatus.ASSIGNED


@pytest.mark.parametrize(
    "row",
    [
        CommitmentRow("早于答复日期", TODAY - timedelta(days=1)),  # written: today is the day
        CommitmentRow("不存在的单位", SOON, 999_999),
        CommitmentRow("x" * 2001, SOON),
        CommitmentRow("别人的承诺", SOON, id=999_999),
    ],
)
def test_rows_are_checked(world, row):
    with pytest.raises(RuleViolation):
        save_reply_form(world.assignment, GOOD_REPLY, [row], world.users.x, None)
    db.session.rollback()
    assert all_commitments() == []


def test_an_oral_replys_commitments_may_date_from_the_meeting(world):
    meeting_day = world.meeting.starts_at.date()
    assert meeting_day < TODAY
    oral_b_with(world, CommitmentRow("会上承诺，会后一周内完成", meeting_day + timedelta(days=7)))
    assert all_commitments()[0].due_date == meeting_day + timedelta(days=7)
    with pytest.raises(RuleViolation):
        commitments.add_commitment(all_commitments()[0].reply, "会前就该完成", date(2030, 5, 1))


def test_an_inactive_department_cannot_be_named(world):
    world.dept_y.active = False
    db.session.commit()
    with pytest.raises(RuleViolation):
        save_reply_form(
            world.assignment, GOOD_REPLY, [CommitmentRow("t", SOON, world.dept_y.id)], None, None
        )


def test_a_co_handlers_input_takes_no_commitments(world):
    from tests.factories import make_assignment

    co = make_assignment(world.opinion, world.dept_y, mode="joint", role="co")
    db.session.commit()
    with pytest.raises(RuleViolation):
        save_reply_form(co, {"text": "协办意见"}, [CommitmentRow("t", SOON)], world.users.y, None)
    assert co.replies == []  # refused before anything was written
    saved = save_reply_form(co, {"text": "协办意见"}, [CommitmentRow()], world.users.y, None)
    assert saved.commitments == []


# ---------------------------------------------------------------- reopening


def closed_oral_reply(world) -> Reply:
    reply = oral_b_with(world)
    assert world.assignment.status == AssignmentStatus.DONE
    return reply


def test_the_secretariat_reopens_a_closed_assignment_with_a_reason(world):
    reply = closed_oral_reply(world)
    reopening.reopen_closed(world.assignment, "  会上承诺的事项漏录  ", world.users.sec)
    db.session.commit()
    assert world.assignment.status == AssignmentStatus.REPLIED  # the state before closing
    event = world.assignment.events[-1]
    assert (event.kind, event.note, event.actor_id) == (
        AssignmentEventKind.UNDONE,
        "会上承诺的事项漏录",
        world.users.sec.id,
    )
    trail = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.table_name == "assignment", AuditEvent.entity_id == world.assignment.id
        )
    ).all()
    assert any(e.changes.get("status") == ["done", "replied"] for e in trail), [
        e.changes for e in trail
    ]
    # Now the forgotten commitment can be recorded; the assignment closes once it is done.
    commitment = commitments.add_commitment(reply, "年内新增托位", SOON, world.dept_y.id)
    assert commitment.department_id == world.dept_y.id
    assert world.assignment.status == AssignmentStatus.REPLIED
    commitments.mark_done(commitment, world.users.y)
    assert world.assignment.status == AssignmentStatus.DONE


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_reopening_needs_a_reason(world, reason):
    closed_oral_reply(world)
    with pytest.raises(RuleViolation) as refused:
        reopening.reopen_closed(world.assignment, reason, world.users.sec)
    assert refused.value.status == 422
    assert world.assignment.status == AssignmentStatus.DONE


def test_only_a_closed_assignment_is_reopened(world):
    with pytest.raises(RuleViolation) as refused:
        reopening.reopen_closed(world.assignment, "误操作", world.users.sec)
    assert refused.value.status == 409
    assert world.assignment.status == AssignmentStatus.ASSIGNED


def test_commitment_statuses_are_counted_by_the_reply_not_the_department(world):
    oral_b_with(world, CommitmentRow("教育局的承诺", SOON, world.dept_y.id))
    [commitment] = all_commitments()
    assert commitment.status == CommitmentStatus.OPEN
    assert db.session.get(Commitment, commitment.id).department_id == world.dept_y.id
    assert world.assignment.status == AssignmentStatus.REPLIED
