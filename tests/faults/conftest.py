"""Fixtures for fault tests: a held meeting with its window open and members who may write."""

import pytest

from extensions import db
from tests import factories


@pytest.fixture
def meeting_day(app) -> dict:
    """A held meeting, its opinion window open, eight invited members with accounts."""
    meeting = factories.make_meeting("压力测试协商会", status="held", opinions_open=True)
    members = []
    for n in range(1, 9):
        person = factories.make_participant(f"压测委员{n}", kind="member")
        factories.make_invitation(meeting, person, role="speaker")
        factories.make_user(f"load-member-{n}", role="member", participant=person)
        members.append(f"load-member-{n}")
    factories.make_user("load-secretariat", role="secretariat")
    db.session.commit()
    return {"meeting_id": meeting.id, "members": members}
