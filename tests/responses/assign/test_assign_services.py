"""交办 rules, without HTTP: modes, validation, bulk all-or-nothing, reassign and return."""

from datetime import date

import pytest
from sqlalchemy import select

from common.errors import RuleViolation
from extensions import db
from meetings.models import MeetingStatus
from responses import assignments as services
from responses.assignments import AssignmentPlan, assign, assign_many, reassign, return_assignment
from responses.models import (
    Assignment,
    AssignmentEventKind,
    AssignmentRole,
    AssignmentStatus,
    HandlingMode,
    Notification,
)
from tests import factories
from tests.factories import make_opinion
from tests.responses.assign.conftest import TODAY, answer, forget_notifications


def kinds(assignment):
    return [e.kind for e in assignment.events]


# ---------------------------------------------------------------- modes


def test_single_assigns_one_lead_with_working_day_due_date(world):
    opinion = world.opinion()
    user = world.users["secretariat"]
    [a] = assign(opinion, [world.health], "single", by_user=user, note="请认真办理", today=TODAY)
    assert (a.mode, a.role, a.status) == (
        HandlingMode.SINGLE,
        AssignmentRole.LEAD,
        AssignmentStatus.ASSIGNED,
    )
    # 20 working days after Monday 2026-03-02, no holiday in between: four weeks on.
    assert a.due_date == date(2026, 3, 30)
    assert a.assigned_by_id == user.id
    [event] = a.events
    assert (event.kind, event.actor_id, event.note) == (
        AssignmentEventKind.ASSIGNED,
        user.id,
        "请认真办理",
    )


def test_single_takes_exactly_one_department(world):
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health, world.education], HandlingMode.SINGLE, today=TODAY)
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [], HandlingMode.SINGLE, today=TODAY)


def test_split_makes_every_department_a_lead(world):
    made = assign(world.opinion(), [world.health, world.education], "split", today=TODAY)
    assert [a.role for a in made] == [AssignmentRole.LEAD, AssignmentRole.LEAD]
    assert all(len(a.events) == 1 for a in made)


def test_split_needs_two_departments(world):
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health], "split", today=TODAY)


def test_joint_has_one_lead_and_co_handlers(world):
    made = assign(
        world.opinion(),
        [world.education, world.finance],
        "joint",
        lead=world.health,
        today=TODAY,
    )
    roles = {a.department.name: a.role for a in made}
    assert roles == {
        "区卫健局": AssignmentRole.LEAD,
        "区教育局": AssignmentRole.CO,
        "区财政局": AssignmentRole.CO,
    }


def test_joint_lead_may_also_be_listed_among_departments(world):
    made = assign(
        world.opinion(), [world.health, world.education], "joint", lead=world.health, today=TODAY
    )
    assert [a.role for a in made] == [AssignmentRole.LEAD, AssignmentRole.CO]


def test_joint_needs_a_lead_and_a_co_handler(world):
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health, world.education], "joint", today=TODAY)
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health], "joint", lead=world.health, today=TODAY)


@pytest.mark.parametrize("mode", ["single", "split", "joint"])
def test_no_department_twice(world, mode):
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health, world.health], mode, lead=world.health, today=TODAY)


@pytest.mark.parametrize("mode", ["single", "split", "joint"])
def test_inactive_department_refused(world, mode):
    departments = [world.closed] if mode == "single" else [world.health, world.closed]
    with pytest.raises(RuleViolation, match="区已撤销局"):
        assign(world.opinion(), departments, mode, lead=world.health, today=TODAY)


def test_unknown_mode_refused(world):
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health], "triple", today=TODAY)


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_opinion_of_draft_or_cancelled_meeting_refused(world, status):
    meeting = factories.make_meeting(status=status)
    with pytest.raises(RuleViolation) as caught:
        assign(make_opinion(meeting), [world.health], "single", today=TODAY)
    assert caught.value.status == 409


def test_already_assigned_opinion_refused(world):
    opinion = world.opinion()
    assign(opinion, [world.health], "single", today=TODAY)
    with pytest.raises(RuleViolation) as caught:
        assign(opinion, [world.education], "single", today=TODAY)
    assert caught.value.status == 409


def test_opinion_whose_assignments_were_all_returned_can_be_assigned_again(world):
    opinion = world.opinion()
    [a] = assign(opinion, [world.health], "single", today=TODAY)
    return_assignment(a, "不属于我局职责")
    assert assign(opinion, [world.education], "single", today=TODAY)


def test_due_date_override_and_past_due_date(world):
    [a] = assign(world.opinion(), [world.health], "single", due_date=date(2026, 4, 30), today=TODAY)
    assert a.due_date == date(2026, 4, 30)
    with pytest.raises(RuleViolation):
        assign(world.opinion(), [world.health], "single", due_date=date(2026, 3, 1), today=TODAY)


def test_default_due_date_follows_configuration(world, app):
    app.config["ASSIGNMENT_WORKING_DAYS"] = 5
    try:
        [a] = assign(world.opinion(), [world.health], "single", today=TODAY)
    finally:
        app.config.pop("ASSIGNMENT_WORKING_DAYS")
    assert a.due_date == date(2026, 3, 9)


# ---------------------------------------------------------------- bulk


def test_bulk_assigns_every_plan(world):
    one, two = world.opinion("一"), world.opinion("二")
    created, errors = assign_many(
        [
            AssignmentPlan(one, [world.health], HandlingMode.SINGLE),
            AssignmentPlan(two, [world.health, world.education], HandlingMode.SPLIT),
        ],
        today=TODAY,
    )
    assert errors == {} and len(created) == 3


def test_bulk_reports_errors_per_opinion_and_caller_rolls_back(world):
    one, two = world.opinion("一"), world.opinion("二")
    db.session.commit()
    created, errors = assign_many(
        [
            AssignmentPlan(one, [world.health], HandlingMode.SINGLE),
            AssignmentPlan(two, [world.health], HandlingMode.SPLIT),
        ],
        today=TODAY,
    )
    assert list(errors) == [two.id]
    db.session.rollback()  # what the view does: all or nothing
    assert db.session.scalars(select(Assignment)).all() == []


def test_bulk_with_no_plan_is_refused(world):
    with pytest.raises(RuleViolation):
        assign_many([], today=TODAY)


# ---------------------------------------------------------------- reassign and return


def test_reassign_withdraws_the_old_and_chains_the_new(world):
    user = world.users["secretariat"]
    [old] = assign(world.opinion(), [world.health], "single", today=TODAY)
    new = reassign(old, world.education, by_user=user, note="职责调整", today=date(2026, 3, 9))
    assert old.status == AssignmentStatus.WITHDRAWN
    assert new.replaces is old and new.status == AssignmentStatus.ASSIGNED
    assert (new.mode, new.role) == (old.mode, old.role)
    # A fresh 20 working days from the reassignment; 清明 (Monday 04-06) is skipped.
    assert new.due_date == date(2026, 4, 7)
    assert kinds(old) == [AssignmentEventKind.ASSIGNED, AssignmentEventKind.REASSIGNED]
    assert "区教育局" in old.events[-1].note and "职责调整" in old.events[-1].note
    assert kinds(new) == [AssignmentEventKind.ASSIGNED]
    assert "区卫健局" in new.events[0].note
    assert services.active_assignments(new.opinion) == [new]


def test_reassign_a_returned_assignment(world):
    [a] = assign(world.opinion(), [world.health], "single", today=TODAY)
    return_assignment(a, "不属于我局职责")
    new = reassign(a, world.education, today=TODAY)
    assert a.status == AssignmentStatus.WITHDRAWN and new.replaces_id == a.id


def test_reassign_rules(world):
    opinion = world.opinion()
    first, second = assign(opinion, [world.health, world.education], "split", today=TODAY)
    with pytest.raises(RuleViolation):  # same department
        reassign(first, world.health, today=TODAY)
    with pytest.raises(RuleViolation):  # already handles the opinion
        reassign(first, world.education, today=TODAY)
    with pytest.raises(RuleViolation):  # inactive
        reassign(first, world.closed, today=TODAY)
    second.status = AssignmentStatus.REPLIED
    with pytest.raises(RuleViolation) as caught:
        reassign(second, world.finance, today=TODAY)
    assert caught.value.status == 409


def test_return_records_reason_and_tells_the_secretariat(world):
    health_user = world.users["health"]
    other_secretary = factories.make_user("sec2", role="secretariat")
    factories.make_user("sec_gone", role="secretariat", active=False)
    [a] = assign(world.opinion("托位补贴"), [world.health], "single", today=TODAY)
    forget_notifications()
    return_assignment(a, "  属于教育局职责  ", by_user=health_user)
    assert a.status == AssignmentStatus.RETURNED and a.return_reason == "属于教育局职责"
    assert a.events[-1].kind == AssignmentEventKind.RETURNED
    assert a.events[-1].actor_id == health_user.id
    notes = db.session.scalars(select(Notification)).all()
    assert {n.user_id for n in notes} == {world.users["secretariat"].id, other_secretary.id}
    assert all("托位补贴" in n.message and "属于教育局职责" in n.message for n in notes)
    assert notes[0].link == f"/assignments/{a.id}"


def test_return_needs_a_reason_and_an_open_assignment(world):
    [a] = assign(world.opinion(), [world.health], "single", today=TODAY)
    with pytest.raises(RuleViolation):
        return_assignment(a, "   ")
    answer(a, submitted=True)
    with pytest.raises(RuleViolation) as caught:
        return_assignment(a, "不是我们的")
    assert caught.value.status == 409
    a.status = AssignmentStatus.REPLIED
    with pytest.raises(RuleViolation):
        return_assignment(a, "不是我们的")


def test_history_for_a_department_shows_only_its_own(world):
    opinion = world.opinion()
    [old] = assign(opinion, [world.health], "single", today=TODAY)
    reassign(old, world.education, today=TODAY)
    db.session.commit()
    everyone = services.assignments_for_opinion(opinion)
    assert [a.status for a in everyone] == [AssignmentStatus.WITHDRAWN, AssignmentStatus.ASSIGNED]
    assert services.assignments_for_opinion(opinion, world.users["health"]) == []
    [mine] = services.assignments_for_opinion(opinion, world.users["education"])
    assert mine.department_id == world.education.id


def test_meeting_statuses_that_allow_assignment(world):
    for status in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.CLOSED):
        meeting = factories.make_meeting(status=status.value)
        assert assign(make_opinion(meeting), [world.health], "single", today=TODAY)


def test_active_liaisons_of_the_department_are_notified_of_a_new_assignment(world):
    opinion = world.opinion("推进医育结合")
    [a] = assign(opinion, [world.health], "single", today=TODAY)
    told = db.session.scalars(select(Notification.user_id)).all()
    assert sorted(told) == sorted([world.users["health"].id, world.users["health2"].id])
    note = db.session.scalars(select(Notification)).first()
    assert "推进医育结合" in note.message
    assert note.link.endswith(f"/inbox/{a.id}")


def test_a_reassignment_tells_the_new_department(world):
    opinion = world.opinion()
    [a] = assign(opinion, [world.health], "single", today=TODAY)
    reassign(a, world.education, today=TODAY)
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.user_id == world.users["education"].id)
    ).all()
    assert len(told) == 1


def test_a_member_follows_only_the_handling_of_their_own_opinions(world):
    member = world.users["member"]
    mine = world.opinion("本人的意见", speaker=member.participant)
    theirs = world.opinion("他人的意见")
    assign(mine, [world.health], "single", today=TODAY)
    assign(theirs, [world.health], "single", today=TODAY)
    assert len(services.assignments_for_opinion(mine, member)) == 1
    assert services.assignments_for_opinion(theirs, member) == []
    assert len(services.assignments_for_opinion(theirs, world.users["chair"])) == 1


def test_a_department_no_longer_lists_an_opinion_taken_away_from_it(world):
    from opinions.models import Opinion
    from opinions.services import visible_opinions

    opinion = world.opinion("改办的意见")
    [first] = assign(opinion, [world.health], "single", today=TODAY)
    reassign(first, world.education, today=TODAY)
    health_user, education_user = world.users["health"], world.users["education"]
    seen_by = {
        name: db.session.scalars(select(Opinion.id).where(visible_opinions(user))).all()
        for name, user in (("health", health_user), ("education", education_user))
    }
    assert seen_by == {"health": [], "education": [opinion.id]}
