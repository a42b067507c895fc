"""Fixtures for the meetings tests: a fixed office clock and a schedulable meeting."""

from datetime import datetime

import pytest

from extensions import db
from tests import factories

# The factories' default meeting starts 2030-05-20 14:30 and ends 17:00.
BEFORE = datetime(2030, 5, 1, 9, 0)
DURING = datetime(2030, 5, 20, 15, 0)
AFTER = datetime(2030, 6, 1, 9, 0)


class Clock:
    """The office clock as the meetings services read it; tests set it."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock(BEFORE)
    monkeypatch.setattr("meetings.services.current_time", fixed)
    return fixed


@pytest.fixture
def chair(app):
    person = factories.make_participant("王主席", kind="member", committee="教文卫委")
    db.session.commit()
    return person


@pytest.fixture
def meeting(app, chair):
    """A draft meeting with venue and chair (so it may be scheduled); committed."""
    from meetings import services

    meeting = factories.make_meeting("完善婴幼儿照护服务协商会")
    services.set_chair(meeting, chair)
    db.session.commit()
    return meeting


@pytest.fixture
def request_ctx(app):
    """Services translate their messages; Babel picks the language from the request.

    (app.select_locale reads the session, so outside a request gettext would fail.)
    """
    with app.test_request_context():
        yield
