"""办理情况汇总表 and 委员履职档案 from the demo story (services, no HTTP)."""

from sqlalchemy import event

from extensions import db
from meetings.models import Meeting
from participants.models import Participant
from reports.records import DEFAULT_DUTY_POINTS, member_record_context, tracking_context
from responses.board import OpinionState
from responses.models import AssignmentRole, HandlingMode, RatingValue, ReplyCategory
from tests import factories
from tests.reports.tables.conftest import TODAY


def rows_by(context):
    return {
        (r.speaker.name, r.department.short_name if r.department else None): r
        for r in context["rows"]
    }


def test_tracking_lists_every_active_assignment_of_the_demo_meeting(ctx, demo):
    meeting = db.session.get(Meeting, demo.meeting_id)
    context = tracking_context(meeting=meeting, today=TODAY)
    rows = rows_by(context)
    assert set(rows) == {
        ("刘芳华", "区卫健局"),
        ("刘芳华", "区财政局"),
        ("马骁", "区卫健局"),
        ("杨晓雯", "区市场监管局"),
        ("邓凯", "区妇联"),
        ("王喆", "区卫健局"),
        ("李堃", "区人社局"),
        ("李堃", "区教育局"),
        ("张若溪", "区教育局"),
        ("许𠮷安", None),  # not yet assigned: one row without a department
    }
    assert [r.number for r in context["rows"]] == list(range(1, 11))
    assert context["opinion_count"] == 8
    # 会办: the lead replies, the co-handler (协办) gave its input.
    lead, co = rows[("刘芳华", "区卫健局")], rows[("刘芳华", "区财政局")]
    assert lead.mode == co.mode == HandlingMode.JOINT
    assert (lead.role, co.role) == (AssignmentRole.LEAD, AssignmentRole.CO)
    assert lead.category == ReplyCategory.B and co.category is None
    assert lead.state == OpinionState.REPLIED and co.state is None
    # 分办: each department answers on its own; the unsatisfied one owes a second reply.
    hr, edu = rows[("李堃", "区人社局")], rows[("李堃", "区教育局")]
    assert (hr.category, hr.rating, hr.state) == (
        ReplyCategory.A,
        RatingValue.BASICALLY,
        OpinionState.DONE,
    )
    assert (edu.category, edu.rating, edu.state) == (
        ReplyCategory.C,
        RatingValue.UNSATISFIED,
        OpinionState.ASSIGNED,
    )
    assert edu.assignment.status.value == "reopened"
    wang = rows[("王喆", "区卫健局")]
    assert (wang.category, wang.rating, wang.state) == (
        ReplyCategory.A,
        RatingValue.SATISFIED,
        OpinionState.DONE,
    )
    assert rows[("邓凯", "区妇联")].state == OpinionState.DONE  # oral reply at the meeting
    assert rows[("许𠮷安", None)].state is None
    assert rows[("许𠮷安", None)].opinion_state == OpinionState.UNASSIGNED


def test_tracking_overdue_is_derived_from_today(ctx, demo):
    meeting = db.session.get(Meeting, demo.meeting_id)
    rows = rows_by(tracking_context(meeting=meeting, today=TODAY))
    late = rows[("杨晓雯", "区市场监管局")]
    assert late.overdue_reply and late.overdue and late.due_date.isoformat() == "2026-11-20"
    # 马骁: the reply stands, but the fire-safety check promised for 11-15 is still running.
    assert rows[("马骁", "区卫健局")].overdue_commitments == 1
    assert not rows[("王喆", "区卫健局")].overdue
    before = rows_by(tracking_context(meeting=meeting, today=TODAY.replace(day=14)))
    assert not any(r.overdue for r in before.values())


def test_tracking_per_year_takes_every_meeting_of_the_year(ctx, demo):
    with factories.in_committee("云溪区"):  # the demo's district; the others have their own
        context = tracking_context(year=2026, today=TODAY)
        assert tracking_context(year=2025, today=TODAY)["rows"] == []
    # June's 6 rows first (meetings in date order), November's 10, and December's speech
    # sent in ahead, not yet assigned.
    assert len(context["rows"]) == 17 and context["meeting"] is None
    assert context["rows"][0].meeting.starts_at.month == 6


def test_tracking_needs_exactly_one_scope(ctx, demo):
    import pytest

    with pytest.raises(ValueError):
        tracking_context(today=TODAY)


def count_queries():
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", before)


def test_tracking_and_record_queries_are_bounded(ctx, demo):
    meeting = db.session.get(Meeting, demo.meeting_id)
    wang = db.session.get(Participant, demo.people["王喆"])
    db.session.expire_all()
    statements, stop = count_queries()
    try:
        tracking_context(meeting=meeting, today=TODAY)
        tracking_queries = len(statements)
        statements.clear()
        member_record_context(wang, 2026, today=TODAY)
        record_queries = len(statements)
    finally:
        stop()
    assert tracking_queries <= 8, tracking_queries
    assert record_queries <= 10, record_queries


def test_member_record_of_wang_zhe(ctx, demo):
    wang = db.session.get(Participant, demo.people["王喆"])
    context = member_record_context(wang, 2026, today=TODAY)
    # June's consultation (school meals) and November's (childcare): both adopted (A).
    assert context["counts"] == {
        "attended": 2,
        "excused": 0,
        "unexcused": 0,
        "upcoming": 0,
        "opinion": 2,
        "adopted": 2,
        "rating": 2,
    }
    assert [r.value.value for r in context["ratings"]] == ["satisfied", "satisfied"]
    assert all(o.categories == [ReplyCategory.A] for o in context["opinions"])
    # default scheme: +2 attended, +3 opinion, +5 adopted, for each of the two meetings
    assert context["duty_score"] == 20


def test_member_record_of_li_kun(ctx, demo):
    li = db.session.get(Participant, demo.people["李堃"])
    context = member_record_context(li, 2026, today=TODAY)
    counts = context["counts"]
    assert (counts["attended"], counts["opinion"], counts["adopted"], counts["rating"]) == (
        2,
        2,
        2,
        4,
    )
    # 分办 in November: A from 区人社局 makes it adopted though 区教育局 answered C.
    november = next(o for o in context["opinions"] if o.opinion.meeting.starts_at.month == 11)
    assert sorted(c.value for c in november.categories) == ["A", "C"]
    assert sorted(r.value.value for r in context["ratings"]) == [
        "basically",
        "basically",
        "satisfied",
        "unsatisfied",
    ]
    assert member_record_context(li, 2025, today=TODAY)["counts"]["opinion"] == 0


def test_member_record_attendance_kinds(ctx, demo):
    excused = db.session.get(Participant, demo.people["高明远"])  # 请假 at the demo meeting
    assert member_record_context(excused, 2026)["counts"]["excused"] == 1
    xu = db.session.get(Participant, demo.people["许𠮷安"])  # also invited to the next one
    counts = member_record_context(xu, 2026)["counts"]
    assert counts["attended"] == 1 and counts["upcoming"] == 1
    # Invited to a meeting that took place, neither present nor on leave: unexcused.
    meeting = db.session.get(Meeting, demo.meeting_id)
    invitation = next(i for i in meeting.invitations if i.participant_id == xu.id)
    invitation.attendance = invitation.attendance.__class__("confirmed")
    db.session.flush()
    assert member_record_context(xu, 2026)["counts"]["unexcused"] == 1


def test_duty_points_are_configurable(ctx, demo, monkeypatch):
    monkeypatch.setitem(ctx.config, "DUTY_POINTS", {"base": 60, "adopted": 10})
    wang = db.session.get(Participant, demo.people["王喆"])
    context = member_record_context(wang, 2026)
    assert context["points"]["attended"] == DEFAULT_DUTY_POINTS["attended"]
    assert context["duty_score"] == 60 + 2 * (2 + 3 + 10)  # two meetings, each adopted
