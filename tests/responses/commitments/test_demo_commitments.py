"""The demo shows an oral B reply the secretariat recorded at the meeting, its promise open."""

from sqlalchemy import func, select

from extensions import db
from responses.models import (
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Reply,
    ReplyChannel,
    ReplyStatus,
)


def test_the_demo_has_an_oral_b_reply_recorded_at_the_meeting_with_an_open_commitment(
    runner, client, auth
):
    assert runner.invoke(args=["demo"]).exit_code == 0
    recorded = [
        r
        for r in db.session.scalars(select(Reply).where(Reply.channel == ReplyChannel.ORAL))
        if r.category and r.category.value == "B" and r.author and r.author.username == "mishu"
    ]
    assert len(recorded) == 1
    reply = recorded[0]
    assert reply.status == ReplyStatus.SUBMITTED
    assert any(c.status != CommitmentStatus.DONE for c in reply.commitments)
    assert reply.assignment.status == AssignmentStatus.REPLIED  # in follow-up, not closed
    # A lead's promise that its co-handler answers for.
    assert any(c.department_id != c.reply.assignment.department_id for c in _all(Commitment))
    count = db.session.scalar(select(func.count(Commitment.id)))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Commitment.id))) == count  # idempotent
    # The department's inbox shows it in follow-up with the commitment's due date.
    auth.login("weijian", "xst-demo-2026")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "跟踪落实中" in inbox and "承诺时限" in inbox


def _all(model):
    return db.session.scalars(select(model)).all()
