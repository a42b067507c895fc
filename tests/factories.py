"""Small factories: each makes one valid object with sensible defaults, then flushes."""

from datetime import datetime, timedelta
from itertools import count

from accounts.models import Role, User
from extensions import db
from meetings.models import AgendaItem, AgendaKind, Invitation, Meeting, MeetingStatus
from participants.models import Department, Participant, ParticipantKind

PASSWORD = "correct-horse-42"
_sequence = count(1)


def make_user(username: str | None = None, role: str = "secretariat", **fields) -> User:
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
    n = next(_sequence)
    fields.setdefault("affiliation", f"测试单位{n}")
    participant = Participant(name=name or f"委员{n}", kind=ParticipantKind(kind), **fields)
    db.session.add(participant)
    db.session.flush()
    return participant


def make_department(name: str | None = None, **fields) -> Department:
    n = next(_sequence)
    department = Department(name=name or f"测试局{n}", **fields)
    db.session.add(department)
    db.session.flush()
    return department


def make_meeting(title: str | None = None, **fields) -> Meeting:
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
