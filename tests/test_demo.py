"""The demo command loads one complete meeting and is idempotent."""

from sqlalchemy import func, select

from accounts.models import User
from extensions import db
from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatus
from participants.models import Department, Participant, ParticipantKind

TABLES = [Department, Participant, Meeting, Invitation, AgendaItem, User]


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def test_demo_loads_a_complete_meeting(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username in ("mishu", "zhuxi", "wangzhe", "likun", "weijian", "jiaoyu"):
        assert username in result.output
    assert "/meetings/" in result.output

    meeting = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.HELD))
    assert meeting.chair.name == "林振声"
    roles = {inv.role.value for inv in meeting.invitations}
    assert roles == {"chair", "leader", "speaker", "responder", "attendee"}
    kinds = [inv.participant.kind for inv in meeting.invitations]
    assert kinds.count(ParticipantKind.MEMBER) >= 6
    assert kinds.count(ParticipantKind.CITIZEN) == 2
    assert 3 <= kinds.count(ParticipantKind.AGENCY) <= 4
    assert any(inv.attendance.value == "absent" for inv in meeting.invitations)
    assert [item.kind.value for item in meeting.agenda_items] == [
        "briefing",
        "report",
        "speeches",
        "responses",
        "statement",
        "summary",
    ]
    departments = db.session.scalars(select(Department)).all()
    assert len(departments) >= 6 and all(d.aliases for d in departments)
    names = {p.name for p in db.session.scalars(select(Participant))}
    assert {"王喆", "李堃", "陈珺", "沈昇", "许𠮷安"} <= names


def test_demo_twice_duplicates_nothing(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts() == first


def test_demo_secretariat_can_sign_in(runner, client):
    runner.invoke(args=["demo"])
    response = client.post("/login", data={"username": "mishu", "password": "xst-demo-2026"})
    assert response.status_code == 302


def test_every_demo_account_signs_in_and_sees_the_demo_meeting(runner, client, auth):
    runner.invoke(args=["demo"])
    meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.status == MeetingStatus.HELD))
    for username in ("mishu", "zhuxi", "wangzhe", "likun", "weijian", "jiaoyu"):
        assert auth.login(username, "xst-demo-2026").status_code == 302, username
        assert client.get(f"/meetings/{meeting_id}").status_code == 200, username
        auth.logout()


def test_demo_writes_are_audited_as_the_demo(runner):
    from audit.models import AuditEvent

    runner.invoke(args=["demo"])
    actors = set(db.session.scalars(select(AuditEvent.actor_name).distinct()))
    assert actors == {"demo"}
