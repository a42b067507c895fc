"""The demo's earlier chapter (June's consultation, closed in October), loaded through the
services like the main story, then dated: the services stamp everything "now", but the
dashboard's months and on-time rates need the days things really happened."""

from datetime import datetime, time, timedelta

from sqlalchemy import func, select, update

from demo import earlier_data as story
from demo.workflow import accounts_by_owner, handle, submit_story_opinions
from extensions import db
from meetings import services
from meetings.models import Meeting, MeetingStatus
from opinions import consensus
from opinions.models import Opinion
from participants.models import Participant
from responses.models import (
    Assignment,
    AssignmentEvent,
    Commitment,
    Notification,
    ProgressUpdate,
    Rating,
    Reply,
    ReplyPurpose,
)


def load_earlier_story(meeting: Meeting, people: dict[str, Participant], departments) -> None:
    if db.session.scalar(select(Opinion.id).where(Opinion.meeting_id == meeting.id).limit(1)):
        return  # already loaded: never duplicate
    users, dept_users = accounts_by_owner()
    notified_before = db.session.scalar(select(func.max(Notification.id))) or 0
    by_speaker = submit_story_opinions(meeting, people, story.OPINIONS)
    for speaker, plan in story.HANDLING.items():
        handle(by_speaker[speaker], plan, departments, users, dept_users, story.ASSIGNED_ON)
    for text, speakers_behind in story.CONSENSUS:
        consensus.add_consensus_point(meeting, text, [by_speaker[n].id for n in speakers_behind])
    services.change_status(meeting, MeetingStatus.CLOSED, at=story.CLOSED_AT)
    db.session.flush()
    for speaker, opinion in by_speaker.items():
        date_history(opinion, *story.HAPPENED[speaker])
    # The June notices were read long ago.
    assigned = datetime.combine(story.ASSIGNED_ON, time(10, 0))
    db.session.execute(
        update(Notification)
        .where(Notification.id > notified_before)
        .values(created_at=assigned, read_at=story.CLOSED_AT)
    )
    db.session.expire_all()


def date_history(
    opinion: Opinion, recorded: datetime, replied: datetime, rated: datetime | None
) -> None:
    """Move one opinion's history to the days it happened (plain UPDATEs: dating a story is
    not an edit anyone made, so it leaves no audit events)."""
    assigned = datetime.combine(story.ASSIGNED_ON, time(10, 0))
    execute = db.session.execute
    execute(
        update(Opinion)
        .where(Opinion.id == opinion.id)
        .values(created_at=recorded, updated_at=recorded)
    )
    assignment_ids = select(Assignment.id).where(Assignment.opinion_id == opinion.id)
    execute(
        update(Assignment)
        .where(Assignment.opinion_id == opinion.id)
        .values(created_at=assigned, updated_at=replied)
    )
    execute(
        update(AssignmentEvent)
        .where(AssignmentEvent.assignment_id.in_(assignment_ids))
        .values(at=assigned)
    )
    reply_ids = select(Reply.id).where(Reply.assignment_id.in_(assignment_ids))
    # A co-handler's input reaches the lead a few days before the lead replies.
    for purpose, when in (
        (ReplyPurpose.INPUT, replied - timedelta(days=5)),
        (ReplyPurpose.REPLY, replied),
    ):
        execute(
            update(Reply)
            .where(Reply.assignment_id.in_(assignment_ids), Reply.purpose == purpose)
            .values(created_at=when, updated_at=when, submitted_at=when)
        )
    execute(
        update(Commitment)
        .where(Commitment.reply_id.in_(reply_ids))
        .values(created_at=replied, updated_at=replied)
    )
    for update_row in db.session.scalars(
        select(ProgressUpdate).join(Commitment).where(Commitment.reply_id.in_(reply_ids))
    ):
        on = datetime.combine(update_row.on_date, time(17, 0))
        execute(
            update(ProgressUpdate).where(ProgressUpdate.id == update_row.id).values(created_at=on)
        )
        execute(
            update(Commitment)
            .where(Commitment.id == update_row.commitment_id, Commitment.done_at.is_not(None))
            .values(done_at=on)
        )
    if rated is not None:
        execute(
            update(Rating)
            .where(Rating.reply_id.in_(reply_ids))
            .values(created_at=rated, updated_at=rated)
        )
