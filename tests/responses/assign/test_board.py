"""Follow-up board: opinion states with a fixed date, overdue items, the league table."""

from datetime import date, datetime

import pytest

from extensions import db
from responses.assignments import assign, return_assignment
from responses.board import BoardFilter, OpinionState, board_opinions_query, opinion_state
from responses.models import AssignmentStatus, ReplyPurpose
from responses.overdue import league_table, overdue_assignments, overdue_commitments
from tests import factories
from tests.factories import make_opinion
from tests.querycount import queries_for as count_queries
from tests.responses.assign.conftest import TODAY, answer

PAST = date(2026, 2, 2)
DUE_PASSED = date(2026, 2, 27)  # before TODAY (2026-03-02)


def single(world, **kwargs):
    [a] = assign(world.opinion(), [world.health], "single", today=PAST, **kwargs)
    return a


def state(assignment_or_opinion):
    opinion = getattr(assignment_or_opinion, "opinion", assignment_or_opinion)
    return opinion_state(opinion, TODAY)


# ---------------------------------------------------------------- states


def test_unassigned(world):
    assert state(world.opinion()) == OpinionState.UNASSIGNED


def test_assigned_until_a_reply_is_submitted(world):
    a = single(world)
    assert state(a) == OpinionState.ASSIGNED
    answer(a, submitted=False)
    assert state(a) == OpinionState.ASSIGNED


def test_replied_by_a_submitted_reply_or_the_status(world):
    a = single(world)
    answer(a)
    assert state(a) == OpinionState.REPLIED
    b = single(world)
    b.status = AssignmentStatus.REPLIED  # e.g. an oral reply recorded without text
    assert state(b) == OpinionState.REPLIED


def test_rated_while_a_commitment_is_open(world):
    a = single(world)
    answer(a, rating="satisfied", commitments=[(DUE_PASSED, "in_progress")])
    assert state(a) == OpinionState.RATED


def test_rated_unsatisfied_before_reopening_is_rated(world):
    a = single(world)
    answer(a, rating="unsatisfied")
    assert state(a) == OpinionState.RATED


def test_done_when_rated_satisfied_and_commitments_done(world):
    a = single(world)
    answer(a, rating="basically", commitments=[(DUE_PASSED, "done")])
    assert state(a) == OpinionState.DONE
    b = single(world)
    b.status = AssignmentStatus.DONE
    assert state(b) == OpinionState.DONE


def test_reopened_owes_a_second_reply(world):
    a = single(world)
    answer(a, rating="unsatisfied")
    a.status = AssignmentStatus.REOPENED
    assert state(a) == OpinionState.ASSIGNED
    answer(a, round=2)
    a.status = AssignmentStatus.REPLIED
    assert state(a) == OpinionState.REPLIED  # the second reply is not rated yet


def test_an_oral_reply_stands_without_rating(world):
    a = single(world)
    answer(a, channel="oral", commitments=[(DUE_PASSED, "open")])
    assert state(a) == OpinionState.RATED  # in follow-up: the promise is still open
    b = single(world)
    answer(b, channel="oral")
    assert state(b) == OpinionState.DONE


def test_commitments_of_an_earlier_round_still_count(world):
    a = single(world)
    answer(a, rating="unsatisfied", commitments=[(DUE_PASSED, "open")])
    answer(a, round=2, rating="satisfied")
    a.status = AssignmentStatus.REPLIED
    assert state(a) == OpinionState.RATED


def test_states_follow_the_reply_and_rating_services(world):
    """The whole path through the other half of the workflow (replies, ratings)."""
    from responses import commitments, ratings, replies

    opinion = world.opinion(speaker=world.users["member"].participant)
    [a] = assign(opinion, [world.health], "single", today=PAST)
    health = world.users["health"]
    reply = replies.save_reply(
        a,
        {
            "category": "B",
            "channel": "written",
            "contact_method": "in_person",
            "text": "已列入计划",
        },
        health,
        None,
    )
    commitment = commitments.add_commitment(reply, "年内新增托位200个", date(2026, 12, 31))
    replies.submit_reply(reply, health)
    assert opinion_state(opinion, TODAY) == OpinionState.REPLIED
    ratings.rate_reply(reply, "satisfied", "", world.users["member"])
    assert opinion_state(opinion, TODAY) == OpinionState.RATED
    commitments.mark_done(commitment, health)
    db.session.expire_all()
    assert a.status == AssignmentStatus.DONE
    assert opinion_state(opinion, TODAY) == OpinionState.DONE


def test_split_waits_for_the_slowest_department(world):
    first, second = assign(world.opinion(), [world.health, world.education], "split", today=PAST)
    answer(first, rating="satisfied")
    assert state(first) == OpinionState.ASSIGNED
    answer(second)
    assert state(first) == OpinionState.REPLIED
    second.status = AssignmentStatus.DONE
    assert state(first) == OpinionState.DONE


def test_joint_co_handlers_do_not_decide(world):
    lead, co = assign(world.opinion(), [world.education], "joint", lead=world.health, today=PAST)
    reply = answer(lead)
    assert reply.purpose == ReplyPurpose.REPLY
    assert co.status == AssignmentStatus.ASSIGNED
    assert state(lead) == OpinionState.REPLIED


def test_returned_or_withdrawn_only_is_unassigned(world):
    a = single(world)
    return_assignment(a, "不属于我局")
    assert state(a) == OpinionState.UNASSIGNED


# ---------------------------------------------------------------- overdue and league


@pytest.fixture
def overdue_world(world):
    """区卫健局: 2 overdue assignments (one reopened) + 1 overdue commitment;
    区教育局: 1 overdue commitment; things that are not overdue around them."""
    late1, late2 = single(world), single(world)
    late2.status = AssignmentStatus.REOPENED
    replied_late = single(world)
    answer(replied_late, commitments=[(DUE_PASSED, "open"), (TODAY, "open")])
    replied_late.status = AssignmentStatus.REPLIED
    [due_today] = assign(world.opinion(), [world.health], "single", due_date=TODAY, today=TODAY)
    [edu] = assign(world.opinion(), [world.education], "single", today=PAST)
    answer(edu, commitments=[(DUE_PASSED, "in_progress"), (DUE_PASSED, "done")])
    edu.status = AssignmentStatus.REPLIED
    for a in (late1, late2, replied_late, edu):
        a.due_date = DUE_PASSED
    db.session.commit()
    return world


def test_overdue_is_derived_from_dates(overdue_world):
    overdue = overdue_assignments(BoardFilter(), TODAY)
    assert len(overdue) == 2
    assert {a.status for a in overdue} == {AssignmentStatus.ASSIGNED, AssignmentStatus.REOPENED}
    assert len(overdue_commitments(BoardFilter(), TODAY)) == 2
    # A day earlier nothing was late yet.
    assert overdue_assignments(BoardFilter(), DUE_PASSED) == []
    assert overdue_commitments(BoardFilter(), DUE_PASSED) == []


def test_league_table_counts_and_order(overdue_world):
    rows = league_table(BoardFilter(), TODAY)
    summary = [
        (r.department.name, r.overdue_assignments, r.overdue_commitments, r.open_assignments)
        for r in rows
    ]
    assert summary == [("区卫健局", 2, 1, 3), ("区教育局", 0, 1, 0)]
    assert rows[0].overdue_total == 3


def test_league_table_filtered_by_department_and_meeting(overdue_world):
    world = overdue_world
    rows = league_table(BoardFilter(department_id=world.education.id), TODAY)
    assert [r.department.name for r in rows] == ["区教育局"]
    other = factories.make_meeting(status="held")
    assert league_table(BoardFilter(meeting_id=other.id), TODAY) == []
    assert len(league_table(BoardFilter(meeting_id=world.meeting.id), TODAY)) == 2


def test_board_filters_by_year_meeting_and_department(world):
    earlier = factories.make_meeting(status="held", starts_at=datetime(2025, 6, 1, 9, 0))
    old = make_opinion(earlier, title="旧意见")
    new = world.opinion("新意见")
    assign(new, [world.health], "single", today=PAST)
    db.session.commit()

    def titles(**filters):
        return {o.title for o in db.session.scalars(board_opinions_query(BoardFilter(**filters)))}

    assert titles() == {"旧意见", "新意见"}
    assert titles(year=2025) == {"旧意见"}
    assert titles(year=2030) == {"新意见"}
    assert titles(meeting_id=earlier.id) == {old.title}
    assert titles(department_id=world.health.id) == {"新意见"}
    assert titles(department_id=world.education.id) == set()


# ---------------------------------------------------------------- pages


def test_board_page_shows_states_league_and_badges(overdue_world, logged_in, clock):
    clock.set(TODAY)
    response = logged_in.get("/board/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "区卫健局" in html and 'id="league"' in html
    assert html.count('data-state="assigned"') == 3  # late1, late2 (reopened), due_today
    assert "bg-danger" in html
    assert logged_in.get(f"/board/?department={overdue_world.health.id}&year=x").status_code == 200
    assert logged_in.get("/board/?state=done&meeting=999999999999").status_code == 200


def test_board_per_meeting_summary_and_bulk_link(world, logged_in):
    other = factories.make_meeting("优化营商环境", status="held")
    make_opinion(other, title="关于简化审批的建议")
    world.opinion("关于托育的建议")
    db.session.commit()
    html = logged_in.get("/board/").get_data(as_text=True)
    assert 'id="per-meeting"' in html and "优化营商环境" in html
    assert f"/meetings/{other.id}/assign" not in html
    html = logged_in.get(f"/board/?meeting={other.id}").get_data(as_text=True)
    assert 'id="per-meeting"' not in html and "关于托育的建议" not in html
    assert f"/meetings/{other.id}/assign" in html


def fill(world, n: int) -> None:
    for i in range(n):
        opinion = make_opinion(world.meeting, world.speaker, f"意见{i}", position=i)
        if i % 3:
            [a] = assign(
                opinion, [world.health, world.education][i % 2 : i % 2 + 1], "single", today=PAST
            )
            if i % 2:
                answer(a, rating="satisfied", commitments=[(DUE_PASSED, "open")])
    db.session.commit()


def test_board_query_count_does_not_grow_with_opinions(world, logged_in, app):
    world.speaker = factories.make_participant()
    app.config["BOARD_PAGE_SIZE"] = 1000
    try:
        fill(world, 20)
        few = count_queries(logged_in, "/board/")
        fill(world, 180)
        many = count_queries(logged_in, "/board/")
    finally:
        app.config.pop("BOARD_PAGE_SIZE")
    assert many == few, (few, many)
    assert few <= 15, few
