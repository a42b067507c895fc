"""Fixtures for assignment, board and reminder tests: departments, their users, opinions."""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from extensions import db
from opinions.models import Opinion
from responses.models import (
    Reply,
)
from tests import factories

# A Monday in a year the official calendar covers; every test that ages things passes it.
TODAY = date(2026, 3, 2)


SUBMITTED = datetime(2026, 2, 1, 10, 0)  # when the world's submitted replies were sent


def answer(
    assignment,
    submitted: bool = True,
    rating: str | None = None,
    commitments: list[tuple[date, str]] = (),
    round: int = 1,
    channel: str = "written",
) -> Reply:
    """The department's category-B answer, with its promises (due date, status) and the
    speaker's rating, written straight into the tables (the reply services are not tested
    here)."""
    reply = factories.make_reply(
        assignment,
        "已列入年度计划。",
        category="B",
        round=round,
        channel=channel,
        status="submitted" if submitted else "draft",
        submitted_at=SUBMITTED if submitted else None,
    )
    for due, status in commitments:
        factories.make_commitment(reply, "每个街道建成2家成长驿站", due_date=due, status=status)
    if rating:
        factories.make_rating(reply, rating)
    return reply


@dataclass
class World:
    health: object
    education: object
    finance: object
    closed: object  # an inactive department
    meeting: object
    users: dict = field(default_factory=dict)

    def opinion(self, title: str | None = None, **kwargs) -> Opinion:
        return factories.make_opinion(self.meeting, title=title, channel="oral", **kwargs)


@pytest.fixture
def world(app, secretariat) -> World:
    health = factories.make_department("区卫健局", email="weijian@example.gov.cn")
    education = factories.make_department("区教育局", email="jiaoyu@example.gov.cn")
    finance = factories.make_department("区财政局")
    closed = factories.make_department("区已撤销局", active=False)
    meeting = factories.make_meeting("推进普惠托育服务体系建设", status="held")
    member = factories.make_participant("王委员", kind="member")
    users = {
        "secretariat": secretariat,
        "chair": factories.make_user("chair", role="chair"),
        "member": factories.make_user("member", role="member", participant=member),
        "health": factories.make_user("health", role="department", department=health),
        "health2": factories.make_user("health2", role="department", department=health),
        "health_gone": factories.make_user(
            "health_gone", role="department", department=health, active=False
        ),
        "education": factories.make_user("education", role="department", department=education),
    }
    db.session.commit()
    return World(health, education, finance, closed, meeting, users)


def forget_notifications() -> None:
    """Drop the 交办 notices that setting up assignments sends, so a test sees only its own."""
    from sqlalchemy import delete

    from responses.models import Notification

    db.session.execute(delete(Notification))
    db.session.flush()
