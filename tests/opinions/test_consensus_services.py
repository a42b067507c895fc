"""Consensus rules without HTTP: when points may be recorded, links, order, closing."""

import pytest

from common.errors import RuleViolation
from extensions import db
from meetings import services
from meetings.models import MeetingStatus
from opinions import consensus
from opinions.models import ConsensusPoint
from tests import factories
from tests.factories import make_opinion
from tests.opinions.conftest import BEFORE, set_status

pytestmark = pytest.mark.usefixtures("request_ctx", "clock")


def test_chair_records_points_linked_to_opinions_on_a_held_meeting(world):
    meeting = world["meeting"]
    set_status(meeting, "held")
    a = make_opinion(meeting, world["people"]["agency"], "甲")
    b = make_opinion(meeting, world["people"]["citizen"], "乙")
    point = consensus.add_consensus_point(
        meeting, " 扩大普惠托位 ", [a.id, b.id], by_user=world["users"]["chair"]
    )
    assert point.text == "扩大普惠托位"
    assert {o.id for o in point.opinions} == {a.id, b.id}
    assert point.position == 1
    second = consensus.add_consensus_point(meeting, "加强队伍建设", [], by_user=None)
    assert second.position == 2


def test_scheduled_meeting_only_on_its_day(world, clock):
    meeting = world["meeting"]  # scheduled; the clock reads the meeting day
    assert consensus.add_consensus_point(meeting, "当天形成的共识").id
    clock.at = BEFORE
    with pytest.raises(RuleViolation) as refused:
        consensus.add_consensus_point(meeting, "提前写好的共识")
    assert refused.value.status == 409


@pytest.mark.parametrize("status", ["draft", "closed", "archived", "cancelled"])
def test_refused_outside_the_meeting(world, status):
    set_status(world["meeting"], status)
    with pytest.raises(RuleViolation) as refused:
        consensus.add_consensus_point(world["meeting"], "共识")
    assert refused.value.status == 409


@pytest.mark.parametrize("role", ["member", "department"])
def test_only_chair_and_secretariat(world, role):
    with pytest.raises(RuleViolation) as refused:
        consensus.add_consensus_point(world["meeting"], "共识", by_user=world["users"][role])
    assert refused.value.status == 403


def test_text_required_and_links_must_belong_to_the_meeting(world):
    meeting = world["meeting"]
    with pytest.raises(RuleViolation):
        consensus.add_consensus_point(meeting, "   ")
    other = factories.make_meeting("别的会", status="held")
    foreign = make_opinion(other, world["people"]["member"])
    with pytest.raises(RuleViolation):
        consensus.add_consensus_point(meeting, "共识", [foreign.id])
    with pytest.raises(RuleViolation):
        consensus.add_consensus_point(meeting, "共识", [999999])
    assert db.session.query(ConsensusPoint).count() == 0


def test_edit_reorder_delete(world):
    meeting = world["meeting"]
    op = make_opinion(meeting, world["people"]["agency"])
    one = consensus.add_consensus_point(meeting, "一")
    two = consensus.add_consensus_point(meeting, "二")
    three = consensus.add_consensus_point(meeting, "三")
    consensus.update_consensus_point(two, "二（修改）", [op.id])
    assert two.text == "二（修改）" and two.opinions == [op]
    assert consensus.move_consensus_point(three, "up")
    assert [p.text for p in consensus.points_for_meeting(meeting)] == ["一", "三", "二（修改）"]
    assert not consensus.move_consensus_point(one, "up")
    with pytest.raises(RuleViolation):
        consensus.move_consensus_point(one, "sideways")
    consensus.delete_consensus_point(one)
    db.session.commit()
    points = consensus.points_for_meeting(meeting)
    assert [(p.position, p.text) for p in points] == [(1, "三"), (2, "二（修改）")]


def test_meeting_cannot_close_without_a_consensus_point(world):
    meeting = world["meeting"]
    set_status(meeting, "held")
    with pytest.raises(RuleViolation) as refused:
        services.change_status(meeting, MeetingStatus.CLOSED)
    assert refused.value.status == 409
    assert "至少记录一条协商共识" in refused.value.message
    assert meeting.status == MeetingStatus.HELD
    consensus.add_consensus_point(meeting, "共识")
    services.change_status(meeting, MeetingStatus.CLOSED)
    assert meeting.status == MeetingStatus.CLOSED
    assert consensus.closing_blockers(meeting) == []
