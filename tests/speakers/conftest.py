"""Fixtures for the speakers list: a fixed clock, a scheduled meeting and its speakers."""

from datetime import datetime, timedelta

import pytest

from extensions import db
from meetings import services
from meetings.models import InvitationRole
from speakers import services as speakers
from tests import factories

MEETING_START = datetime(2030, 5, 20, 14, 30)


class Clock:
    """The office clock as meetings.services.current_time reads it; tests move it."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock(MEETING_START + timedelta(minutes=40))
    monkeypatch.setattr("meetings.services.current_time", fixed)
    return fixed


@pytest.fixture
def request_ctx(app):
    """Services translate their messages, which needs a request (the locale)."""
    with app.test_request_context():
        yield


@pytest.fixture
def meeting(app):
    """A scheduled meeting with a chair; committed."""
    chair = factories.make_participant("林主席", kind="member")
    meeting = factories.make_meeting("完善婴幼儿照护服务协商会", status="scheduled")
    services.set_chair(meeting, chair)
    db.session.commit()
    return meeting


def invite_speaker(meeting, name: str, kind: str, **fields):
    """A person of `kind` invited to `meeting` as a speaker (fields go to the invitation)."""
    affiliation = fields.pop("affiliation", f"{name}的单位")
    person = factories.make_participant(name, kind=kind, affiliation=affiliation)
    fields.setdefault("role", InvitationRole.SPEAKER)
    factories.make_invitation(meeting, person, **fields)
    return person


@pytest.fixture
def people(meeting):
    """Invited speakers of every kind, deliberately invited out of speaking order."""
    people = {
        "member": invite_speaker(meeting, "王喆", "member"),
        "citizen": invite_speaker(meeting, "许𠮷安", "citizen", affiliation="幼儿家长"),
        "expert": invite_speaker(meeting, "赵珺", "expert"),
        "agency": invite_speaker(meeting, "李堃", "agency", affiliation="阳光托育园"),
        "official": invite_speaker(meeting, "陈昇", "official"),
        "agency2": invite_speaker(meeting, "周敏", "agency", affiliation="社区服务中心"),
    }
    db.session.commit()
    return people


@pytest.fixture
def filled(request_ctx, meeting, people):
    """The list filled from the invitations; returns the slots in order."""
    speakers.fill_from_invitations(meeting)
    db.session.commit()
    return speakers.list_slots(meeting)
