"""Agenda rules, tested without HTTP: dense positions, moves, limits."""

import pytest
from werkzeug.exceptions import NotFound

from common.errors import RuleViolation
from meetings import agenda
from meetings.models import AgendaKind, MeetingStatus
from tests import factories

pytestmark = pytest.mark.usefixtures("request_ctx")


def titles(meeting):
    return [(i.position, i.title) for i in meeting.agenda_items]


@pytest.fixture
def three(app, meeting):
    for kind, title in [
        (AgendaKind.BRIEFING, "情况通报"),
        (AgendaKind.REPORT, "调研报告"),
        (AgendaKind.SPEECHES, "委员发言"),
    ]:
        agenda.add_agenda_item(meeting, {"kind": kind, "title": title, "planned_minutes": 20})
    return meeting


def test_items_are_appended_in_order(app, three):
    assert titles(three) == [(1, "情况通报"), (2, "调研报告"), (3, "委员发言")]
    assert agenda.planned_minutes_total(three) == 60
    assert agenda.meeting_minutes(three) == 150


def test_untitled_item_is_named_after_its_kind(app, meeting):
    item = agenda.add_agenda_item(meeting, {"kind": AgendaKind.SUMMARY, "title": " "})
    assert item.title == AgendaKind.SUMMARY.label


def test_move_up_and_down_keeps_positions_dense(app, three):
    third = three.agenda_items[2]
    assert agenda.move_agenda_item(third, "up")
    assert titles(three) == [(1, "情况通报"), (2, "委员发言"), (3, "调研报告")]
    first = three.agenda_items[0]
    assert agenda.move_agenda_item(first, "down")
    assert titles(three) == [(1, "委员发言"), (2, "情况通报"), (3, "调研报告")]


def test_moving_past_either_end_changes_nothing(app, three):
    assert not agenda.move_agenda_item(three.agenda_items[0], "up")
    assert not agenda.move_agenda_item(three.agenda_items[2], "down")
    assert titles(three) == [(1, "情况通报"), (2, "调研报告"), (3, "委员发言")]
    with pytest.raises(RuleViolation):
        agenda.move_agenda_item(three.agenda_items[0], "sideways")


def test_delete_renumbers(app, three):
    agenda.delete_agenda_item(three.agenda_items[0])
    assert titles(three) == [(1, "调研报告"), (2, "委员发言")]
    item = agenda.add_agenda_item(three, {"kind": AgendaKind.OTHER, "title": "合影"})
    assert item.position == 3


def test_gaps_left_by_others_are_closed_on_the_next_change(app, meeting):
    factories.make_agenda_item(meeting, position=5, title="甲")
    factories.make_agenda_item(meeting, position=9, title="乙")
    agenda.add_agenda_item(meeting, {"kind": AgendaKind.OTHER, "title": "丙"})
    assert titles(meeting) == [(1, "甲"), (2, "乙"), (3, "丙")]


@pytest.mark.parametrize("minutes", [0, 601, -5])
def test_planned_minutes_between_1_and_600(app, meeting, minutes):
    with pytest.raises(RuleViolation):
        agenda.add_agenda_item(
            meeting, {"kind": AgendaKind.OTHER, "title": "x", "planned_minutes": minutes}
        )


def test_presenter_and_department_must_exist(app, meeting):
    with pytest.raises(RuleViolation):
        agenda.add_agenda_item(meeting, {"kind": AgendaKind.OTHER, "presenter_id": 99999})
    with pytest.raises(RuleViolation):
        agenda.add_agenda_item(meeting, {"kind": AgendaKind.OTHER, "department_id": 99999})
    department = factories.make_department("区卫生健康局")
    item = agenda.add_agenda_item(
        meeting, {"kind": AgendaKind.RESPONSES, "department_id": department.id}
    )
    assert item.department == department


def test_update_item(app, three):
    item = three.agenda_items[1]
    agenda.update_agenda_item(item, {"title": "教文卫委调研报告", "planned_minutes": 15})
    assert (item.title, item.planned_minutes, item.position) == ("教文卫委调研报告", 15, 2)


def test_agenda_of_a_closed_meeting_is_frozen(app, three):
    three.status = MeetingStatus.ARCHIVED
    with pytest.raises(RuleViolation):
        agenda.add_agenda_item(three, {"kind": AgendaKind.OTHER})
    with pytest.raises(RuleViolation):
        agenda.move_agenda_item(three.agenda_items[1], "up")
    with pytest.raises(RuleViolation):
        agenda.delete_agenda_item(three.agenda_items[1])


def test_item_of_another_meeting_is_a_404(app, three):
    other = factories.make_meeting()
    foreign = factories.make_agenda_item(other)
    with pytest.raises(NotFound):
        agenda.get_agenda_item_or_404(three, foreign.id)
