"""Fixtures for accounts tests: one user per role, each with its scope, and a movable clock."""

from datetime import datetime, timedelta

import pytest

from accounts import throttle
from extensions import db
from tests import factories


@pytest.fixture
def people(app):
    """A user of every role; the member and the department user have their links."""
    member_participant = factories.make_participant("委员甲", kind="member")
    department = factories.make_department("区卫健局")
    users = {
        "secretariat": factories.make_user("secretariat", role="secretariat"),
        "chair": factories.make_user("chair", role="chair"),
        "member": factories.make_user("member", role="member", participant=member_participant),
        "department": factories.make_user("department", role="department", department=department),
    }
    db.session.commit()
    return users


class Clock:
    def __init__(self):
        self.now = datetime(2030, 1, 1, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(throttle, "clock", fake)
    return fake
