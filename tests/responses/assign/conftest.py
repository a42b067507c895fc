"""Fixtures for assignment, board and reminder tests: departments, their users, opinions."""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from extensions import db
from meetings.opinion_models import Opinion, OpinionChannel
from responses.models import (
    Commitment,
    CommitmentStatus,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)
from tests import factories

# A Monday in a year the official calendar covers; every test that ages things passes it.
TODAY = date(2026, 3, 2)


def make_opinion(meeting, title: str | None = None, speaker=None, position: int = 0) -> Opinion:
    opinion = Opinion(
        meeting=meeting,
        speaker=speaker or factories.make_participant(),
        title=title or f"关于普惠托育的建议{position}",
        body="托位供给不足，收费偏高。",
        channel=OpinionChannel.ORAL,
        position=position,
    )
    db.session.add(opinion)
    db.session.flush()
    return opinion


def make_reply(
    assignment,
    submitted: bool = True,
    rating: str | None = None,
    commitments: list[tuple[date, str]] = (),
    round: int = 1,
    channel: str = "written",
) -> Reply:
    """A reply written straight into the tables (the reply services are someone else's)."""
    reply = Reply(
        assignment=assignment,
        round=round,
        purpose=ReplyPurpose.REPLY,
        category=ReplyCategory.B,
        channel=ReplyChannel(channel),
        text="已列入年度计划。",
        status=ReplyStatus.SUBMITTED if submitted else ReplyStatus.DRAFT,
        submitted_at=datetime(2026, 2, 1, 10, 0) if submitted else None,
    )
    db.session.add(reply)
    for due, status in commitments:
        db.session.add(
            Commitment(
                reply=reply,
                department_id=assignment.department_id,
                text="每个街道建成2家成长驿站",
                due_date=due,
                status=CommitmentStatus(status),
            )
        )
    if rating:
        db.session.add(
            Rating(
                reply=reply,
                participant_id=assignment.opinion.speaker_id,
                value=RatingValue(rating),
            )
        )
    db.session.flush()
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
        return make_opinion(self.meeting, title, **kwargs)


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
