"""Loads the demo meeting's workflow through the same services the pages use, so the demo
obeys every rule the app enforces. Skipped once the meeting has opinions (idempotent)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import select

from accounts.models import Role, User
from committees.current import current_committee_id
from common import clock
from demo import workflow_data as story
from extensions import db
from meetings.models import Meeting
from opinions import consensus
from opinions import services as opinions
from opinions.models import Opinion
from participants.models import Department, Participant
from responses import assignments, commitments, ratings, replies
from responses.models import CommitmentStatus
from responses.reply_commitments import CommitmentRow, save_reply_form
from speakers import services as speakers
from speakers.models import SpeakerStatus

# The office assigned the opinions the day after the meeting.
ASSIGNED_ON = date(2026, 11, 13)
CONTACT_CODES = {
    "面谈": "in_person",
    "座谈": "forum",
    "电话": "phone",
    "书信": "letter",
    "": "forum",
}


def load_workflow(meeting: Meeting, people: dict[str, Participant], departments) -> None:
    if db.session.scalar(select(Opinion.id).where(Opinion.meeting_id == meeting.id).limit(1)):
        return  # already loaded (or the office has started its own): never duplicate
    users, dept_users = accounts_by_owner()
    load_speeches(meeting, people)
    by_speaker = submit_story_opinions(meeting, people, story.OPINIONS)
    for speaker, plan in story.HANDLING.items():
        handle(by_speaker[speaker], plan, departments, users, dept_users)
    for text, speakers_behind in story.CONSENSUS:
        ids = [by_speaker[name].id for name in speakers_behind]
        consensus.add_consensus_point(meeting, text, ids)
    db.session.flush()


def accounts_by_owner() -> tuple[dict[int, User], dict[int, User]]:
    """The demo's accounts by the person and by the department they belong to."""
    everyone = list(db.session.scalars(select(User)))
    by_person = {u.participant_id: u for u in everyone if u.participant_id}
    by_department = {u.department_id: u for u in everyone if u.department_id}
    return by_person, by_department


def submit_story_opinions(
    meeting: Meeting, people: dict[str, Participant], rows: Sequence[tuple]
) -> dict[str, Opinion]:
    """A chapter's opinions (speaker, channel, title, problem, suggestions, themes), submitted
    through the service; by speaker."""
    by_speaker = {}
    for speaker, channel, title, problem, suggestions, themes in rows:
        values = {
            "title": title,
            "body": problem,
            "channel": channel,
            "suggestions": suggestions,
            "themes": themes,
        }
        by_speaker[speaker] = opinions.submit_opinion(meeting, people[speaker], values)
    return by_speaker


@contextmanager
def office_day(day: date) -> Iterator[None]:
    """The services date a written reply (and check its commitments' due dates) by the
    office's day; the story's replies were written soon after `day`, not on the day the
    demo happens to be loaded."""
    with clock.fixed(day):
        yield


def office_user() -> User | None:
    """The secretariat's demo account (mishu), who records oral replies in the hall."""
    return db.session.scalar(
        select(User)
        .where(User.role == Role.SECRETARIAT, User.committee_id == current_committee_id())
        .order_by(User.id)
    )


def load_speeches(meeting: Meeting, people: dict[str, Participant]) -> None:
    """The speakers list as it ran on the day, with real start and end times."""
    speakers.fill_from_invitations(meeting)
    clock = meeting.starts_at + timedelta(minutes=35)  # after the briefing and the report
    for slot in speakers.list_slots(meeting, fresh=True):
        seconds = story.SPEECH_SECONDS.get(slot.participant.name, 0)
        if not seconds:
            continue  # 许𠮷安 sent a written opinion; the report's presenter is not timed here
        speakers.start_speech(slot, at=clock)
        clock += timedelta(seconds=seconds)
        speakers.stop_speech(slot, at=clock)
        clock += timedelta(seconds=30)
    for slot in speakers.list_slots(meeting, fresh=True):
        if slot.status == SpeakerStatus.WAITING:
            speakers.skip_speaker(slot)


def handle(
    opinion: Opinion, plan: dict, departments, users, dept_users, assigned_on: date = ASSIGNED_ON
) -> None:
    chosen: list[Department] = [departments[name] for name in plan["departments"]]
    made = assignments.assign(
        opinion,
        chosen,
        plan["mode"],
        lead=chosen[0] if plan["mode"] == "joint" else None,
        due_date=plan.get("due"),
        today=assigned_on,
    )
    by_department = {a.department.short_name: a for a in made}
    for department, text in plan.get("inputs", []):
        co = by_department[department]
        draft = replies.save_reply(co, {"text": text}, dept_users.get(co.department_id), None)
        replies.submit_reply(draft, dept_users.get(co.department_id))
    for department, channel, category, contact, text, promised, rating in plan.get("replies", []):
        assignment = by_department[department]
        author = dept_users.get(assignment.department_id)
        if plan.get("recorded_at_meeting"):
            author = office_user()
        # The reply and its commitments in one save, as the reply form sends them.
        rows = [
            CommitmentRow(item[0], item[1], departments[item[4]].id if len(item) > 4 else None)
            for item in promised
        ]
        data = {
            "category": category,
            "channel": channel,
            "contact_method": CONTACT_CODES[contact],
            "text": text,
        }
        with office_day(assigned_on):
            reply = save_reply_form(assignment, data, rows, author, None, submit=True)
        made_commitments = sorted(reply.commitments, key=lambda c: c.id)
        # Progress can be posted only on a submitted reply's commitments.
        for commitment, (_text, _due, status, progress, *_who) in zip(
            made_commitments, promised, strict=True
        ):
            for on_date, percent, note in progress:
                commitments.post_progress(commitment, on_date, note, percent, author)
            if status == "done" and commitment.status != CommitmentStatus.DONE:
                commitments.mark_done(commitment, author)
        if rating:
            value, comment = rating
            ratings.rate_reply(reply, value, comment, users[opinion.speaker_id])
    for department, text in plan.get("second_drafts", []):
        assignment = by_department[department]
        replies.save_reply(
            assignment,
            {"category": "B", "channel": "written", "contact_method": "in_person", "text": text},
            dept_users.get(assignment.department_id),
            None,
        )
    db.session.flush()
