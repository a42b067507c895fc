"""Fixtures for opinions and consensus: a scheduled meeting, its invitees, a user per role."""

from datetime import datetime

import pytest

from extensions import db
from meetings.models import InvitationRole, MeetingStatus
from tests import factories

MEETING_DAY = datetime(2030, 5, 20, 15, 0)  # the factories' meeting: 2030-05-20 14:30-17:00
BEFORE = datetime(2030, 5, 1, 9, 0)


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock(MEETING_DAY)
    monkeypatch.setattr("meetings.services.current_time", fixed)
    return fixed


@pytest.fixture
def request_ctx(app):
    """Services translate their messages; gettext needs a request to pick the language."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app):
    """A scheduled meeting, open for opinions, with a speaker of every kind; users per role."""
    chair_person = factories.make_participant("王主席", kind="member")
    meeting = factories.make_meeting(
        "完善婴幼儿照护服务协商会", status="scheduled", opinions_open=True, chair=chair_person
    )
    people = {
        "member": factories.make_participant("李委员", kind="member", affiliation="区一中"),
        "member2": factories.make_participant("张委员", kind="member"),
        "citizen": factories.make_participant("赵家长", kind="citizen", affiliation="阳光小区"),
        "agency": factories.make_participant("钱园长", kind="agency", affiliation="向阳幼儿园"),
        "official": factories.make_participant("孙局长", kind="official"),
        "outsider": factories.make_participant("周委员", kind="member"),
    }
    for key, person in people.items():
        if key != "outsider":
            factories.make_invitation(meeting, person, role=InvitationRole.SPEAKER)
    factories.make_invitation(meeting, chair_person, role=InvitationRole.CHAIR)
    department = factories.make_department("区卫健局")
    users = {
        "secretariat": factories.make_user("secretariat", role="secretariat"),
        "chair": factories.make_user("chair", role="chair"),
        "member": factories.make_user("member", role="member", participant=people["member"]),
        "member2": factories.make_user("member2", role="member", participant=people["member2"]),
        "outsider": factories.make_user("outsider", role="member", participant=people["outsider"]),
        "department": factories.make_user("department", role="department", department=department),
    }
    db.session.commit()
    return {"meeting": meeting, "people": people, "users": users, "department": department}


def set_status(meeting, status: str) -> None:
    meeting.status = MeetingStatus(status)
    db.session.commit()
