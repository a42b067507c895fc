"""Each figure on the hand-built year of conftest.py, whose answers are worked out there."""

from dashboard import stats
from dashboard.stats import Rate, Scope
from participants.models import ParticipantKind
from responses.models import RatingValue, ReplyCategory
from tests.dashboard.conftest import TODAY

YEAR = Scope(year=2030)


def by_name(rows):
    return {r.name: r for r in rows}


def test_rate_shows_a_dash_when_nothing_to_divide_by():
    assert Rate(0, 0).value is None and Rate(0, 0).percent == "—"
    assert Rate(1, 3).percent == "33.3%" and Rate(2, 2).percent == "100.0%"
    assert str(Rate(0, 4)) == "0.0%"


def test_opinion_totals_and_assignment_rate(dataset):
    totals = stats.opinion_totals(YEAR)
    # O1..O6 in 2030 (O0 is 2029's); O4 has no assignment, O3's withdrawn one is replaced.
    assert (totals.opinions, totals.assigned, totals.untagged) == (6, 5, 2)
    assert totals.assignment_rate.percent == "83.3%"


def test_withdrawn_assignment_alone_does_not_make_an_opinion_assigned(dataset):
    from sqlalchemy import update

    from extensions import db
    from responses.models import Assignment, AssignmentStatus

    # Withdraw O3's active assignment too: O3 now has only history.
    db.session.execute(
        update(Assignment)
        .where(Assignment.department_id == dataset.d2, Assignment.due_date == TODAY.replace(day=1))
        .values(status=AssignmentStatus.WITHDRAWN)
    )
    assert stats.opinion_totals(YEAR).assigned == 4


def test_opinions_by_speaker_kind_lists_every_kind(dataset):
    counts = dict(stats.opinions_by_speaker_kind(YEAR))
    assert list(counts) == list(ParticipantKind)
    assert counts[ParticipantKind.MEMBER] == 4
    assert counts[ParticipantKind.CITIZEN] == 1
    assert counts[ParticipantKind.AGENCY] == 1
    assert counts[ParticipantKind.OFFICIAL] == counts[ParticipantKind.EXPERT] == 0


def test_opinions_by_theme_most_frequent_first(dataset):
    assert stats.opinions_by_theme(YEAR) == [("人才队伍", 3), ("普惠托育", 2)]


def test_department_rows(dataset):
    rows = by_name(stats.department_rows(YEAR, TODAY))
    assert set(rows) == {"区卫健局", "区教育局", "区财政局"}
    d1, d2, d3 = rows["区卫健局"], rows["区教育局"], rows["区财政局"]
    # D1: A1 and A7 lead, both replied on time; A3 is a co-handler whose input is no reply.
    assert (d1.lead, d1.co, d1.replied, d1.on_time, d1.unreplied_late) == (2, 1, 2, 2, 0)
    assert d1.overdue_replies == 0
    assert (d1.commitments, d1.commitments_open, d1.commitments_overdue) == (2, 1, 1)
    assert d1.commitments_done == 1
    assert d1.satisfaction_rate.percent == "100.0%"
    # D2: A2 late and reopened past due, A5 never replied past due, A8 on time.
    assert (d2.lead, d2.co, d2.replied, d2.on_time, d2.unreplied_late) == (3, 0, 2, 1, 1)
    assert d2.overdue_replies == 2
    assert d2.on_time_rate.percent == "33.3%" and d2.reply_rate.percent == "66.7%"
    assert d2.ratings == {RatingValue.UNSATISFIED: 2, RatingValue.SATISFIED: 1}
    assert d2.satisfaction_rate.percent == "33.3%"
    assert (d2.commitments, d2.commitments_open, d2.commitments_overdue) == (1, 1, 0)
    # D3: A4 withdrawn (not counted), A6 not yet due with only a draft: no reply, nothing late;
    # the draft's commitment is not promised yet.
    assert (d3.lead, d3.replied, d3.unreplied_late, d3.overdue_replies) == (1, 0, 0, 0)
    assert d3.reply_rate.percent == "0.0%"
    assert d3.on_time_rate.percent == "—" and d3.satisfaction_rate.percent == "—"
    assert d3.commitments == 0


def test_totals_and_rates(dataset):
    t = stats.totals(stats.department_rows(YEAR, TODAY))
    assert (t.lead, t.co, t.replied) == (6, 1, 4)
    assert t.reply_rate.percent == "66.7%"
    assert (t.on_time, t.unreplied_late) == (3, 1)
    assert t.on_time_rate == Rate(3, 5) and t.on_time_rate.percent == "60.0%"
    assert t.overdue_replies == 2
    assert t.ratings == {
        RatingValue.SATISFIED: 2,
        RatingValue.BASICALLY: 1,
        RatingValue.UNSATISFIED: 2,
    }
    assert t.satisfaction_rate.percent == "60.0%"
    assert (t.commitments, t.commitments_open, t.commitments_overdue, t.commitments_done) == (
        3,
        2,
        1,
        1,
    )


def test_league_ranked_by_lateness_and_sortable(dataset):
    rows = stats.department_rows(YEAR, TODAY)
    # D2 has 2 overdue items, D1 one (a commitment), D3 none.
    assert [r.name for r in rows] == ["区教育局", "区卫健局", "区财政局"]
    assert [r.name for r in stats.rank_departments(rows, "on_time")] == [
        "区教育局",
        "区卫健局",
        "区财政局",  # nothing to rate goes last
    ]
    assert [r.name for r in stats.rank_departments(rows, "assignments")][0] == "区教育局"
    assert stats.rank_departments(rows, "nonsense") == rows


def test_reply_categories_use_the_latest_round(dataset):
    # A1: A; A2: B; A7: C; A8: C then B (round 2 counts). The co-handler input has none.
    assert stats.reply_categories(YEAR) == [
        (ReplyCategory.A, 1),
        (ReplyCategory.B, 2),
        (ReplyCategory.C, 1),
    ]
    assert stats.reply_categories(YEAR, "ABCD")[-1] == (ReplyCategory.D, 0)


def test_reply_categories_show_unconfigured_and_missing_only_when_present(dataset):
    from extensions import db
    from responses.models import Reply

    db.session.execute(
        Reply.__table__.update()
        .where(Reply.category == ReplyCategory.C)
        .values(category=ReplyCategory.D)
    )
    db.session.execute(
        Reply.__table__.update().where(Reply.category == ReplyCategory.A).values(category=None)
    )
    result = stats.reply_categories(YEAR, "ABC")
    assert result == [
        (ReplyCategory.A, 0),
        (ReplyCategory.B, 2),
        (ReplyCategory.C, 0),
        (ReplyCategory.D, 1),
        (None, 1),
    ]


def test_meeting_scope(dataset):
    scope = Scope(meeting_id=dataset.m1)
    assert stats.opinion_totals(scope).opinions == 2
    t = stats.totals(stats.department_rows(scope, TODAY))
    assert (t.lead, t.replied, t.on_time) == (2, 2, 1)
    assert t.on_time_rate.percent == "50.0%"


def test_monthly_trends(dataset):
    months = {m.month: m for m in stats.monthly_trends(2030)}
    assert len(months) == 12
    assert [months[m].opinions for m in (3, 5)] == [2, 4]
    assert sum(m.opinions for m in months.values()) == 6
    # 2029's opinion was answered in January 2030: the work of that month.
    assert {m: t.replies for m, t in months.items() if t.replies} == {1: 1, 4: 2, 5: 1, 6: 2}
    assert {m: t.commitments_done for m, t in months.items() if t.commitments_done} == {5: 1}


def test_years_and_meetings(dataset):
    assert stats.meeting_years() == [2030, 2029]
    lines = stats.meetings_of_year(2030)
    assert [(m.title, m.opinions) for m in lines] == [("托育服务协商会", 2), ("人才引进协商会", 4)]


def test_empty_year_is_all_zeros(app):
    scope = Scope(year=2031)
    assert stats.opinion_totals(scope).opinions == 0
    assert stats.opinion_totals(scope).assignment_rate.percent == "—"
    assert stats.department_rows(scope, TODAY) == []
    t = stats.totals([])
    assert t.reply_rate.percent == t.on_time_rate.percent == t.satisfaction_rate.percent == "—"
    assert stats.opinions_by_theme(scope) == []
    assert all(n == 0 for _kind, n in stats.opinions_by_speaker_kind(scope))
    assert all(m.opinions == m.replies == 0 for m in stats.monthly_trends(2031))
    assert stats.meeting_years() == []
