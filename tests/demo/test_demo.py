"""The demo command loads one complete meeting and is idempotent."""

from sqlalchemy import func, select

from accounts.models import User
from extensions import db
from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatus
from office.services import get_settings
from opinions.models import Opinion
from participants.models import Department, Participant, ParticipantKind
from tests import factories

TABLES = [Department, Participant, Meeting, Invitation, AgendaItem, User]


def meeting_opinions(meeting: Meeting) -> list[Opinion]:
    return list(db.session.scalars(select(Opinion).where(Opinion.meeting_id == meeting.id)))


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def test_demo_loads_a_complete_meeting(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username in ("mishu", "zhuxi", "wangzhe", "likun", "weijian", "jiaoyu"):
        assert username in result.output
    assert "/meetings/" in result.output
    with factories.in_committee("云溪区"):  # the demo's district (the city has others)
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
            "speeches",
            "responses",
            "statement",
            "summary",
        ]
        # What is said, not only who speaks: the four steps the minutes print as text.
        texts = {item.kind.value: item.text for item in meeting.agenda_items if item.text}
        assert set(texts) == {"briefing", "report", "statement", "summary"}
        # Each speech under the step it was made in: agencies and parents, then members.
        agencies_parents, members = [i for i in meeting.agenda_items if i.kind.value == "speeches"]
        oral = [o for o in meeting_opinions(meeting) if o.channel.value == "oral"]
        assert oral and all(o.agenda_item is not None for o in oral)
        for opinion in oral:
            expected = (
                members if opinion.speaker.kind is ParticipantKind.MEMBER else agencies_parents
            )
            assert opinion.agenda_item is expected, opinion.title
        written = [o for o in meeting_opinions(meeting) if o.channel.value == "written"]
        assert all(o.agenda_item is None for o in written)
        # The office's own settings, flagged as a demo (the banner says so).
        settings = get_settings()
        assert settings.is_demo and settings.issuing_body == "政协云溪区委员会"
        assert settings.report_addressee and settings.printed_by
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


def test_demo_tells_the_whole_workflow_story(runner):
    from datetime import date

    from opinions.models import ConsensusPoint, Opinion
    from responses import lifecycle
    from responses.board import opinion_state
    from responses.models import Assignment, Commitment, CommitmentStatus, Rating, Reply
    from speakers.models import SpeakerSlot, SpeakerStatus

    runner.invoke(args=["demo"])
    today = date(2026, 11, 23)
    opinions = db.session.scalars(select(Opinion)).all()
    kinds = {o.speaker.kind for o in opinions}
    assert kinds == {ParticipantKind.AGENCY, ParticipantKind.CITIZEN, ParticipantKind.MEMBER}
    assert {o.channel.value for o in opinions} == {"oral", "written"}
    assert all(o.suggestions for o in opinions)

    states = {opinion_state(o, today) for o in opinions}
    assert {"unassigned", "assigned", "replied", "done"} <= {getattr(s, "value", s) for s in states}
    modes = {a.mode.value for a in db.session.scalars(select(Assignment))}
    assert modes == {"single", "split", "joint"}
    assert any(lifecycle.is_overdue(a, today) for a in db.session.scalars(select(Assignment)))

    replies = db.session.scalars(select(Reply)).all()
    assert {r.category.value for r in replies if r.category} >= {"A", "B", "C"}
    assert {r.channel.value for r in replies} == {"oral", "written"}
    assert any(r.round == 2 for r in replies)  # reopened after an unsatisfied rating

    commitments = db.session.scalars(select(Commitment)).all()
    assert any(c.status == CommitmentStatus.DONE for c in commitments)
    assert any(lifecycle.commitment_overdue(c, today) for c in commitments)
    assert {r.value.value for r in db.session.scalars(select(Rating))} >= {
        "satisfied",
        "unsatisfied",
    }
    # Three consensus points in November, two in June's closed consultation.
    assert db.session.scalar(select(func.count()).select_from(ConsensusPoint)) == 5
    slots = db.session.scalars(select(SpeakerSlot)).all()
    assert sum(s.status == SpeakerStatus.SPOKEN for s in slots) >= 8


def test_demo_has_a_finished_earlier_cycle_dated_as_it_happened(runner):
    """June's consultation: closed, replies dated in July, so the dashboard has months."""
    from responses.models import Reply, ReplyStatus

    runner.invoke(args=["demo"])
    june = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.CLOSED))
    assert june is not None and june.starts_at.month == 6
    replies = db.session.scalars(select(Reply).where(Reply.status == ReplyStatus.SUBMITTED)).all()
    months = {r.submitted_at.month for r in replies}
    assert 7 in months and len(months) >= 2


def test_the_sample_files_import_cleanly_after_the_demo(runner):
    """demo/samples/ lets a newcomer try both imports on the demo without any errors."""
    from pathlib import Path

    from participants import imports
    from participants.models import Department
    from speech import services as speech_services

    runner.invoke(args=["demo"])
    with factories.in_committee("云溪区"):  # the demo's district (the city has others)
        samples = Path(__file__).resolve().parents[2] / "demo" / "samples"
        table = imports.read_table("participants.csv", (samples / "participants.csv").read_bytes())
        rows = imports.check_table(table)
        assert len(rows) == 4 and not any(row.errors for row in rows)
        assert len(imports.import_rows(rows)) == 4

        departments = db.session.scalars(select(Department)).all()
        for name in ("speech.txt", "speech.docx"):
            text = speech_services.read_upload(name, (samples / name).read_bytes())
            proposal, mentioned = speech_services.propose(text, departments)
            assert proposal.title == "关于加快老旧小区加装电梯的建议"
            assert len(proposal.suggestions) == 4
            assert {d.short_name for d in mentioned} == {"区财政局", "区住建局", "区市场监管局"}


def test_the_second_district_and_the_city_see_what_they_should(runner, client, auth):
    """望山区's meeting is its own; 云溪市 reads both districts and edits neither."""
    from demo import wangshan

    assert runner.invoke(args=["demo"]).exit_code == 0
    ours = db.session.scalar(select(Meeting).where(Meeting.title == wangshan.TITLE))
    main = db.session.scalar(select(Meeting).where(Meeting.title.contains("普惠托育")))
    assert ours.committee_id != main.committee_id
    assert all(o.committee_id == ours.committee_id for o in ours_opinions(ours))
    password = {"password": "xst-demo-2026"}
    client.post("/login", data={"username": "wangshan-mishu", **password})
    assert client.get(f"/meetings/{ours.id}").status_code == 200
    assert client.get(f"/meetings/{main.id}").status_code == 404
    assert "普惠托育" not in client.get("/meetings/").get_data(as_text=True)
    client.post("/logout")
    client.post("/login", data={"username": "shi-mishu", **password})
    assert client.get(f"/meetings/{ours.id}").status_code == 200
    assert client.get(f"/meetings/{main.id}").status_code == 200
    assert client.get(f"/meetings/{main.id}/edit").status_code == 403
    assert client.get(f"/meetings/{ours.id}/edit").status_code == 403


def ours_opinions(meeting):
    from opinions.models import Opinion

    return db.session.scalars(select(Opinion).where(Opinion.meeting_id == meeting.id)).all()
