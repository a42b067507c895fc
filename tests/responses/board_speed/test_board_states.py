"""The board's SQL states agree with responses.board.opinion_state, case by case and on a
generated dataset; counts, per-meeting summary and pages come from them."""

from datetime import date

import pytest

from demo.generate import generate
from extensions import db
from responses import board_states
from responses.assignments import assign, return_assignment
from responses.board import BoardFilter, OpinionState, board_opinions_query, opinion_state
from responses.models import AssignmentStatus
from tests import factories
from tests.factories import make_opinion
from tests.responses.assign.conftest import answer
from tests.responses.board_speed.conftest import TODAY, empty_database

PAST = date(2026, 2, 2)
DUE_PASSED = date(2026, 2, 27)


def python_states(filters: BoardFilter) -> dict[int, OpinionState]:
    db.session.expire_all()
    opinions = db.session.scalars(board_opinions_query(filters)).unique()
    return {o.id: opinion_state(o, TODAY) for o in opinions}


def every_case(world) -> dict[str, int]:
    """One opinion per rule of lead_assignment_state / opinion_state (see tests/
    responses_assign/test_board.py); returns their ids by name."""
    made = {}

    def single(name, **kwargs):
        opinion = world.opinion(name)
        made[name] = opinion.id
        [a] = assign(opinion, [world.health], "single", today=PAST, **kwargs)
        return a

    made["unassigned"] = world.opinion("unassigned").id
    single("assigned")
    answer(single("draft only"), submitted=False)
    answer(single("replied"))
    single("replied by status").status = AssignmentStatus.REPLIED
    answer(
        single("rated, promise open"), rating="satisfied", commitments=[(DUE_PASSED, "in_progress")]
    )
    answer(single("unsatisfied"), rating="unsatisfied")
    answer(single("basically, done"), rating="basically", commitments=[(DUE_PASSED, "done")])
    single("status done").status = AssignmentStatus.DONE
    reopened = single("reopened")
    answer(reopened, rating="unsatisfied")
    reopened.status = AssignmentStatus.REOPENED
    second = single("second reply")
    answer(second, rating="unsatisfied")
    answer(second, round=2)
    second.status = AssignmentStatus.REPLIED
    answer(single("oral, promise open"), channel="oral", commitments=[(DUE_PASSED, "open")])
    answer(single("oral"), channel="oral")
    earlier = single("earlier round promise")
    answer(earlier, rating="unsatisfied", commitments=[(DUE_PASSED, "open")])
    answer(earlier, round=2, rating="satisfied")
    earlier.status = AssignmentStatus.REPLIED
    split = world.opinion("split")
    made["split"] = split.id
    first, other = assign(split, [world.health, world.education], "split", today=PAST)
    answer(first, rating="satisfied")
    joint = world.opinion("joint")
    made["joint"] = joint.id
    lead, _co = assign(joint, [world.education], "joint", lead=world.health, today=PAST)
    answer(lead)
    returned = single("returned")
    return_assignment(returned, "不属于我局")
    db.session.commit()
    return made


EXPECTED = {
    "unassigned": OpinionState.UNASSIGNED,
    "assigned": OpinionState.ASSIGNED,
    "draft only": OpinionState.ASSIGNED,
    "replied": OpinionState.REPLIED,
    "replied by status": OpinionState.REPLIED,
    "rated, promise open": OpinionState.RATED,
    "unsatisfied": OpinionState.RATED,
    "basically, done": OpinionState.DONE,
    "status done": OpinionState.DONE,
    "reopened": OpinionState.ASSIGNED,
    "second reply": OpinionState.REPLIED,
    "oral, promise open": OpinionState.RATED,  # in follow-up, not "awaiting rating"
    "oral": OpinionState.DONE,
    "earlier round promise": OpinionState.RATED,
    "split": OpinionState.ASSIGNED,
    "joint": OpinionState.REPLIED,
    "returned": OpinionState.UNASSIGNED,
}


def test_sql_states_follow_every_rule(world):
    made = every_case(world)
    sql = board_states.opinion_states(BoardFilter())
    assert {name: sql[oid] for name, oid in made.items()} == EXPECTED
    assert sql == python_states(BoardFilter())


def test_sql_states_agree_on_generated_data(app):
    empty_database()
    generate(years=3, scale=0.02, today=TODAY)
    python = python_states(BoardFilter())
    assert len(python) > 50 and len(set(python.values())) >= 3
    assert board_states.opinion_states(BoardFilter()) == python
    year = BoardFilter(year=TODAY.year - 1, department_id=None)
    assert board_states.opinion_states(year) == python_states(year)


def test_summary_counts_per_state_and_meeting(world):
    made = every_case(world)
    other = factories.make_meeting("优化营商环境", status="held")
    make_opinion(other, title="关于简化审批的建议")
    db.session.commit()
    summary = board_states.board_summary(BoardFilter())
    assert summary.total == len(made) + 1
    assert summary.counts[OpinionState.UNASSIGNED] == 3
    assert summary.counts[OpinionState.DONE] == 3
    # Same start (the factory's default): newest first, then by id.
    assert [m.title for m, _row in summary.per_meeting] == [world.meeting.title, "优化营商环境"]
    rows = {m.title: row for m, row in summary.per_meeting}
    assert rows["优化营商环境"][OpinionState.UNASSIGNED] == 1
    assert sum(rows[world.meeting.title].values()) == len(made)
    # The department filter counts opinions the department handles (as the list does).
    education = board_states.board_summary(BoardFilter(department_id=world.education.id))
    assert education.total == 2  # split and joint


def test_page_is_a_slice_in_board_order_optionally_by_state(world):
    made = every_case(world)
    everything = board_states.board_page(BoardFilter(), None, 0, 100)
    assert len(everything) == len(made)
    positions = [(o.position, o.id) for o in everything]
    assert positions == sorted(positions)
    assert board_states.board_page(BoardFilter(), None, 5, 5) == everything[5:10]
    rated = board_states.board_page(BoardFilter(), OpinionState.RATED, 0, 100)
    assert {o.title for o in rated} == {
        name for name, state in EXPECTED.items() if state == OpinionState.RATED
    }
    assert board_states.board_page(BoardFilter(), OpinionState.RATED, len(rated), 10) == []


@pytest.mark.parametrize(
    ("page", "pages", "shown"),
    [(1, 1, [1]), (1, 5, [1, 2, 3, 4, 5]), (9, 20, [1, 2, None, 7, 8, 9, 10, 11, None, 19, 20])],
)
def test_pager_numbers(page, pages, shown):
    assert list(board_states.BoardPages(page, pages).iter_pages()) == shown
