"""Factories for the test suite: each makes one valid object with sensible defaults, then
flushes. They write straight to the tables, past the services' rules, so a test sets up
exactly the state it needs; enum fields take their value ("held", "joint", …).

One factory per model the tests build. Rows that only services write (the audit trail,
the search index, login attempts and sessions, form tokens, finalised reports, the
office's settings and issue numbers) are made through those services instead.
A folder's conftest keeps only what is specific to it: its world, its fixed day.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy import insert, select

from accounts.models import Role, User
from committees.current import chosen_committee_id, working_in
from committees.models import Committee, CommitteeLevel
from extensions import db
from meetings.models import AgendaItem, AgendaKind, Invitation, Meeting, MeetingStatus
from opinions.models import (
    ConsensusPoint,
    Opinion,
    OpinionChannel,
    Suggestion,
    Theme,
)
from participants.models import Department, Participant, ParticipantKind
from responses.models import (
    Assignment,
    AssignmentEvent,
    AssignmentEventKind,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    HandlingMode,
    Notification,
    ProgressUpdate,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)
from speakers.models import SpeakerSlot, SpeakerStatus

PASSWORD = "correct-horse-42"
_sequence = count(1)


def empty_tables() -> None:
    """Delete every row of every table (committees included), as after a test."""
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def default_committee() -> Committee:
    """The one committee of a single-committee test world (made when missing)."""
    found = db.session.scalars(select(Committee).order_by(Committee.id)).first()
    if found is None:  # written past the session: the world's committee is not an audited act
        db.session.execute(
            insert(Committee).values(
                name="政协本区委员会", short_name="本区", level=CommitteeLevel.DISTRICT
            )
        )
        found = db.session.scalars(select(Committee)).one()
    return found


def in_committee(short_name: str):
    """working_in() the committee of that short name (e.g. the demo's 云溪区)."""
    committee = db.session.scalar(select(Committee).where(Committee.short_name == short_name))
    assert committee is not None, short_name
    return working_in(committee.id)


def _ensure_a_committee() -> None:
    """A database built by hand (create_all) gets the default committee before its first
    committee-owned record, unless a working_in() block says which committee."""
    if chosen_committee_id() is None and db.session.scalar(select(Committee.id).limit(1)) is None:
        default_committee()


def make_committee(
    short_name: str | None = None,
    level: str = "district",
    parent: Committee | None = None,
    **fields,
) -> Committee:
    n = next(_sequence)
    short_name = short_name or f"测试{n}区"
    committee = Committee(
        name=fields.pop("name", f"政协{short_name}委员会"),
        short_name=short_name,
        level=CommitteeLevel(level),
        parent=parent,
        **fields,
    )
    db.session.add(committee)
    db.session.flush()
    return committee


def make_user(username: str | None = None, role: str = "secretariat", **fields) -> User:
    _ensure_a_committee()
    n = next(_sequence)
    user = User(
        username=username or f"user{n}",
        display_name=fields.pop("display_name", f"用户{n}"),
        role=Role(role),
        **fields,
    )
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user


def make_participant(name: str | None = None, kind: str = "member", **fields) -> Participant:
    _ensure_a_committee()
    n = next(_sequence)
    fields.setdefault("affiliation", f"测试单位{n}")
    participant = Participant(name=name or f"委员{n}", kind=ParticipantKind(kind), **fields)
    db.session.add(participant)
    db.session.flush()
    return participant


def make_department(name: str | None = None, **fields) -> Department:
    _ensure_a_committee()
    n = next(_sequence)
    department = Department(name=name or f"测试局{n}", **fields)
    db.session.add(department)
    db.session.flush()
    return department


def make_meeting(title: str | None = None, **fields) -> Meeting:
    _ensure_a_committee()
    n = next(_sequence)
    starts_at = fields.pop("starts_at", datetime(2030, 5, 20, 14, 30))
    meeting = Meeting(
        title=title or f"测试协商会{n}",
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2, minutes=30)),
        venue=fields.pop("venue", "区政协三楼会议室"),
        status=MeetingStatus(fields.pop("status", "draft")),
        **fields,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def make_invitation(meeting: Meeting, participant: Participant, **fields) -> Invitation:
    invitation = Invitation(meeting=meeting, participant=participant, **fields)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def make_agenda_item(meeting: Meeting, **fields) -> AgendaItem:
    position = fields.pop("position", len(meeting.agenda_items) + 1)
    item = AgendaItem(
        meeting=meeting,
        position=position,
        kind=AgendaKind(fields.pop("kind", "other")),
        title=fields.pop("title", f"议程{position}"),
        **fields,
    )
    db.session.add(item)
    db.session.flush()
    return item


# ---------------------------------------------------------------- opinions and consensus

OPINION_BODY = "托位供给不足，收费偏高。"


def make_theme(name: str | None = None) -> Theme:
    _ensure_a_committee()
    theme = Theme(name=name or f"主题{next(_sequence)}")
    db.session.add(theme)
    db.session.flush()
    return theme


def make_opinion(
    meeting: Meeting,
    speaker: Participant | None = None,
    title: str | None = None,
    suggestions: int | Iterable[str] = (),
    **fields,
) -> Opinion:
    """An opinion written straight to the tables (no rules), last in its meeting.

    suggestions: their texts, or how many numbered ones (建议1, 建议2, …) to add.
    """
    n = next(_sequence)
    position = fields.pop("position", None)
    if position is None:
        position = db.session.query(Opinion).filter_by(meeting_id=meeting.id).count() + 1
    if isinstance(suggestions, int):
        suggestions = [f"建议{k}" for k in range(1, suggestions + 1)]
    opinion = Opinion(
        meeting=meeting,
        speaker=speaker or make_participant(),
        title=title or f"关于普惠托育的建议{n}",
        body=fields.pop("body", OPINION_BODY),
        channel=OpinionChannel(fields.pop("channel", "written")),
        position=position,
        themes=list(fields.pop("themes", ())),
        **fields,
    )
    opinion.suggestions = [Suggestion(position=k, text=t) for k, t in enumerate(suggestions, 1)]
    db.session.add(opinion)
    db.session.flush()
    return opinion


def make_consensus_point(meeting: Meeting, text: str | None = None, **fields) -> ConsensusPoint:
    point = ConsensusPoint(
        meeting=meeting,
        position=fields.pop("position", 1),
        text=text or f"共识{next(_sequence)}",
        opinions=list(fields.pop("opinions", ())),
        **fields,
    )
    db.session.add(point)
    db.session.flush()
    return point


def make_speaker_slot(meeting: Meeting, participant: Participant, **fields) -> SpeakerSlot:
    slot = SpeakerSlot(
        meeting=meeting,
        participant=participant,
        position=fields.pop("position", 1),
        status=SpeakerStatus(fields.pop("status", "waiting")),
        **fields,
    )
    db.session.add(slot)
    db.session.flush()
    return slot


# ---------------------------------------------------------------- assignments and replies

DUE_DATE = date(2030, 6, 30)


def make_assignment(
    opinion: Opinion, department: Department, due_date: date = DUE_DATE, **fields
) -> Assignment:
    """An assignment written straight to the tables, with its 交办 event (as assign writes)."""
    assignment = Assignment(
        opinion=opinion,
        department=department,
        mode=HandlingMode(fields.pop("mode", "single")),
        role=AssignmentRole(fields.pop("role", "lead")),
        status=AssignmentStatus(fields.pop("status", "assigned")),
        due_date=due_date,
        **fields,
    )
    db.session.add(assignment)
    db.session.add(AssignmentEvent(assignment=assignment, kind=AssignmentEventKind.ASSIGNED))
    db.session.flush()
    return assignment


def make_reply(assignment: Assignment, text: str = "已研究办理。", **fields) -> Reply:
    """A reply written straight to the tables; submitted unless status="draft"."""
    category = fields.pop("category", None)
    reply = Reply(
        assignment=assignment,
        text=text,
        round=fields.pop("round", 1),
        purpose=ReplyPurpose(fields.pop("purpose", "reply")),
        category=ReplyCategory(category) if category else None,
        channel=ReplyChannel(fields.pop("channel", "written")),
        status=ReplyStatus(fields.pop("status", "submitted")),
        **fields,
    )
    db.session.add(reply)
    db.session.flush()
    return reply


def make_commitment(reply: Reply, text: str = "年底前完成。", **fields) -> Commitment:
    """A promise in a reply, by the reply's department unless another is given."""
    if "department" not in fields:
        fields.setdefault("department_id", reply.assignment.department_id)
    commitment = Commitment(
        reply=reply,
        text=text,
        due_date=fields.pop("due_date", date(2030, 12, 31)),
        status=CommitmentStatus(fields.pop("status", "open")),
        **fields,
    )
    db.session.add(commitment)
    db.session.flush()
    return commitment


def make_progress_update(
    commitment: Commitment, note: str = "正在推进。", **fields
) -> ProgressUpdate:
    update = ProgressUpdate(
        commitment=commitment, note=note, on_date=fields.pop("on_date", date(2030, 7, 1)), **fields
    )
    db.session.add(update)
    db.session.flush()
    return update


def make_rating(reply: Reply, value: str = "satisfied", **fields) -> Rating:
    """The speaker's rating of a reply (another participant when given)."""
    if "participant" not in fields:
        fields.setdefault("participant_id", reply.assignment.opinion.speaker_id)
    rating = Rating(reply=reply, value=RatingValue(value), **fields)
    db.session.add(rating)
    db.session.flush()
    return rating


def make_notification(user: User, message: str = "您有一条新的交办。", **fields) -> Notification:
    notification = Notification(user_id=user.id, message=message, **fields)
    db.session.add(notification)
    db.session.flush()
    return notification
