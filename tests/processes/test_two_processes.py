"""Two app processes (separate gunicorn servers, different ports) on one database share
nothing but the database and the secret key: a session cookie from A works on B, a write on A
is read on B at once, a conflicting reply edit is caught across them, and failed sign-ins
on A count on B. On PostgreSQL (the production shape) and on SQLite in WAL mode.
"""

import pytest
from sqlalchemy import select

from extensions import db
from opinions import services as opinions
from responses import assignments
from responses.models import Reply
from tests import factories
from tests.factories import PASSWORD
from tests.faults.checks import opinion_form
from tests.serving import Browser, GunicornServer


@pytest.fixture
def world(app) -> dict:
    meeting = factories.make_meeting("双进程协商会", status="held", opinions_open=True)
    person = factories.make_participant("双进程委员", kind="member")
    factories.make_invitation(meeting, person, role="speaker")
    member = factories.make_user("two-member", role="member", participant=person)
    department = factories.make_department("双进程局")
    factories.make_user("two-dept", role="department", department=department)
    opinion = opinions.submit_opinion(
        meeting, None, {"title": "待答复的意见", "suggestions": ["建议"]}, by_user=member
    )
    [assignment] = assignments.assign(opinion, [department], "single")
    db.session.commit()
    return {"meeting_id": meeting.id, "assignment_id": assignment.id}


@pytest.fixture
def servers(app, database_url, world):
    a = GunicornServer(database_url, workers=1)
    b = GunicornServer(database_url, workers=1)
    a.start()
    try:
        b.start()
        yield a, b
    finally:
        b.stop()
        a.stop()


def reply_form(text: str, version: int | None) -> dict:
    data = {"category": "A", "channel": "written", "contact_method": "phone", "text": text}
    data["action"] = "save"
    data["version"] = "" if version is None else str(version)
    return data


def current_reply(assignment_id: int) -> Reply:
    db.session.remove()
    return db.session.scalars(select(Reply).where(Reply.assignment_id == assignment_id)).one()


def test_two_processes_share_sessions_data_conflicts_and_throttle(servers, world):
    a, b = servers
    meeting_id = world["meeting_id"]

    # Signed in on A; the same cookie (signed with the shared key) works on B.
    member = Browser(a.base_url)
    assert member.login("two-member", PASSWORD).status == 302
    member.base_url = b.base_url
    assert member.get("/meetings/").status == 200

    # Written on A, read on B at once.
    member.base_url = a.base_url
    data = opinion_form("甲进程写入𠮷👍🏽", 2)
    written = member.post(f"/meetings/{meeting_id}/opinions/new", data)
    assert written.status == 302
    member.base_url = b.base_url
    page = member.get(written.location)
    assert page.status == 200 and "甲进程写入𠮷👍🏽" in page.body

    # Optimistic locking of replies across processes: B's save based on an old version is
    # refused with 409 and shows A's text; A's save stands.
    url = f"/inbox/{world['assignment_id']}/reply"
    on_a, on_b = Browser(a.base_url), Browser(b.base_url)
    assert on_a.login("two-dept", PASSWORD).status == 302
    assert on_b.login("two-dept", PASSWORD).status == 302
    assert on_a.post(url, reply_form("第一稿", None)).status == 302
    seen = current_reply(world["assignment_id"]).version
    assert on_a.post(url, reply_form("甲进程的修改", seen)).status == 302
    conflict = on_b.post(url, reply_form("乙进程的修改", seen))
    assert conflict.status == 409, conflict.body[:500]
    assert "甲进程的修改" in conflict.body
    assert current_reply(world["assignment_id"]).text == "甲进程的修改"

    # Failed sign-ins on A count on B: the account is locked on both.
    attacker = Browser(a.base_url)
    for _ in range(5):
        assert attacker.post("/login", {"username": "two-member", "password": "wrong"}).status
    late = Browser(b.base_url)
    refused = late.login("two-member", PASSWORD)
    assert refused.status not in (302, 500), refused.status
    assert refused.status >= 400
