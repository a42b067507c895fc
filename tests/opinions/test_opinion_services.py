"""Opinion rules without HTTP: window, invitation, ownership, ordering, suggestions, themes."""

import pytest

from common.errors import RuleViolation
from extensions import db
from opinions import services as opinions
from opinions import suggestions, themes
from opinions.models import ConsensusPoint, Opinion, OpinionChannel, Theme
from participants.models import ParticipantKind
from tests.factories import make_opinion
from tests.opinions.conftest import set_status

pytestmark = pytest.mark.usefixtures("request_ctx")


def data(**fields) -> dict:
    return {"title": "托位不足", "body": "普惠托位缺口大", **fields}


# ---------------------------------------------------------------- submitting


def test_member_submits_own_written_opinion_while_window_open(world):
    member = world["users"]["member"]
    opinion = opinions.submit_opinion(
        world["meeting"],
        world["people"]["citizen"],  # ignored: a member always speaks for themself
        data(channel="oral", suggestions="一是扩大托位\n\n二是加强培训\n", themes="普惠托育"),
        by_user=member,
    )
    assert opinion.speaker == world["people"]["member"]
    assert opinion.channel == OpinionChannel.WRITTEN
    assert opinion.submitted_by_id == member.id
    assert [(s.position, s.text) for s in opinion.suggestions] == [
        (1, "一是扩大托位"),
        (2, "二是加强培训"),
    ]
    assert [t.name for t in opinion.themes] == ["普惠托育"]


def test_member_refused_when_window_closed(world):
    world["meeting"].opinions_open = False
    with pytest.raises(RuleViolation) as refused:
        opinions.submit_opinion(world["meeting"], None, data(), by_user=world["users"]["member"])
    assert refused.value.status == 409
    assert db.session.query(Opinion).count() == 0


def test_member_not_invited_refused(world):
    with pytest.raises(RuleViolation) as refused:
        opinions.submit_opinion(world["meeting"], None, data(), by_user=world["users"]["outsider"])
    assert refused.value.status == 403


@pytest.mark.parametrize("role", ["chair", "department"])
def test_other_roles_may_not_submit(world, role):
    with pytest.raises(RuleViolation):
        opinions.submit_opinion(
            world["meeting"], world["people"]["member"], data(), by_user=world["users"][role]
        )


@pytest.mark.parametrize("kind", ["member", "citizen", "agency", "official"])
def test_secretariat_records_for_any_invited_speaker(world, kind):
    speaker = world["people"][kind]
    opinion = opinions.submit_opinion(
        world["meeting"], speaker, data(channel="oral"), by_user=world["users"]["secretariat"]
    )
    assert opinion.speaker == speaker
    assert opinion.channel == OpinionChannel.ORAL


def test_secretariat_records_even_with_window_closed(world):
    world["meeting"].opinions_open = False
    opinion = opinions.submit_opinion(
        world["meeting"], world["people"]["citizen"], data(), by_user=world["users"]["secretariat"]
    )
    assert opinion.id


def test_speaker_must_be_invited(world):
    with pytest.raises(RuleViolation) as refused:
        opinions.submit_opinion(
            world["meeting"],
            world["people"]["outsider"],
            data(),
            by_user=world["users"]["secretariat"],
        )
    assert "周委员" in refused.value.message


def test_speaker_required(world):
    with pytest.raises(RuleViolation):
        opinions.submit_opinion(world["meeting"], None, data(), by_user=None)


@pytest.mark.parametrize("title", ["", "   ", "长" * 201])
def test_title_required_and_bounded(world, title):
    with pytest.raises(RuleViolation):
        opinions.submit_opinion(world["meeting"], world["people"]["agency"], data(title=title))


def test_bad_channel_refused(world):
    with pytest.raises(RuleViolation):
        opinions.submit_opinion(
            world["meeting"], world["people"]["agency"], data(channel="telepathy")
        )


@pytest.mark.parametrize("status", ["closed", "archived", "cancelled"])
def test_final_meetings_take_no_opinions(world, status):
    set_status(world["meeting"], status)
    with pytest.raises(RuleViolation) as refused:
        opinions.submit_opinion(
            world["meeting"],
            world["people"]["agency"],
            data(),
            by_user=world["users"]["secretariat"],
        )
    assert refused.value.status == 409


# ---------------------------------------------------------------- editing


def test_member_edits_own_until_window_closes(world):
    member = world["users"]["member"]
    opinion = make_opinion(world["meeting"], world["people"]["member"], submitted_by=member)
    opinions.update_opinion(opinion, data(title="新标题"), by_user=member)
    assert opinion.title == "新标题"
    world["meeting"].opinions_open = False
    with pytest.raises(RuleViolation) as refused:
        opinions.update_opinion(opinion, data(title="再改"), by_user=member)
    assert refused.value.status == 409
    with pytest.raises(RuleViolation):
        suggestions.set_suggestions(opinion, ["迟到的建议"], by_user=member)


def test_member_may_not_edit_anothers_opinion(world):
    opinion = make_opinion(world["meeting"], world["people"]["member2"])
    with pytest.raises(RuleViolation) as refused:
        opinions.update_opinion(opinion, data(title="篡改"), by_user=world["users"]["member"])
    assert refused.value.status == 403
    with pytest.raises(RuleViolation):
        opinions.delete_opinion(opinion, by_user=world["users"]["member"])


def test_member_cannot_change_speaker_or_channel(world):
    member = world["users"]["member"]
    opinion = make_opinion(world["meeting"], world["people"]["member"], channel="written")
    opinions.update_opinion(
        opinion, data(channel="oral"), by_user=member, speaker=world["people"]["citizen"]
    )
    assert opinion.speaker == world["people"]["member"]
    assert opinion.channel == OpinionChannel.WRITTEN


def test_secretariat_changes_speaker_only_to_an_invitee(world):
    secretariat = world["users"]["secretariat"]
    opinion = make_opinion(world["meeting"], world["people"]["member"])
    opinions.update_opinion(opinion, data(), by_user=secretariat, speaker=world["people"]["agency"])
    assert opinion.speaker == world["people"]["agency"]
    with pytest.raises(RuleViolation):
        opinions.update_opinion(
            opinion, data(), by_user=secretariat, speaker=world["people"]["outsider"]
        )


@pytest.mark.parametrize("status", ["closed", "archived", "cancelled"])
def test_secretariat_may_not_edit_on_a_final_meeting(world, status):
    opinion = make_opinion(world["meeting"], world["people"]["member"], suggestions=["一"])
    set_status(world["meeting"], status)
    secretariat = world["users"]["secretariat"]
    for attempt in (
        lambda: opinions.update_opinion(opinion, data(title="x"), by_user=secretariat),
        lambda: opinions.delete_opinion(opinion, by_user=secretariat),
        lambda: suggestions.add_suggestions(opinion, "二", by_user=secretariat),
        lambda: suggestions.move_suggestion(opinion.suggestions[0], "down", by_user=secretariat),
        lambda: opinions.move_opinion(opinion, "up"),
    ):
        with pytest.raises(RuleViolation) as refused:
            attempt()
        assert refused.value.status == 409


def test_delete_refused_once_assigned(world):
    from datetime import date

    from responses.models import Assignment, HandlingMode

    opinion = make_opinion(world["meeting"], world["people"]["citizen"])
    db.session.add(
        Assignment(
            opinion=opinion,
            department=world["department"],
            mode=HandlingMode.SINGLE,
            due_date=date(2030, 6, 30),
        )
    )
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        opinions.delete_opinion(opinion, by_user=world["users"]["secretariat"])
    assert refused.value.status == 409
    assert db.session.get(Opinion, opinion.id) is not None


def test_delete_unlinks_consensus_and_removes_suggestions(world):
    opinion = make_opinion(world["meeting"], world["people"]["citizen"], suggestions=["一", "二"])
    point = ConsensusPoint(meeting=world["meeting"], position=1, text="共识", opinions=[opinion])
    db.session.add(point)
    db.session.commit()
    opinions.delete_opinion(opinion, by_user=world["users"]["secretariat"])
    db.session.commit()
    db.session.expire_all()
    assert db.session.query(Opinion).count() == 0
    assert db.session.get(ConsensusPoint, point.id).opinions == []


# ---------------------------------------------------------------- order


def test_opinions_ordered_by_speaker_kind_then_position(world):
    meeting, p = world["meeting"], world["people"]
    make_opinion(meeting, p["member"], "委员意见", position=1)
    make_opinion(meeting, p["official"], "官员意见", position=2)
    make_opinion(meeting, p["citizen"], "家长意见", position=3)
    make_opinion(meeting, p["agency"], "园长意见二", position=5)
    make_opinion(meeting, p["agency"], "园长意见一", position=4)
    titles = [o.title for o in opinions.opinions_for_meeting(meeting)]
    assert titles == ["园长意见一", "园长意见二", "家长意见", "委员意见", "官员意见"]
    groups = opinions.grouped_by_kind(opinions.opinions_for_meeting(meeting))
    assert [g.kind for g in groups] == [
        ParticipantKind.AGENCY,
        ParticipantKind.CITIZEN,
        ParticipantKind.MEMBER,
        ParticipantKind.OFFICIAL,
    ]


def test_move_stays_within_the_speaker_group(world):
    meeting, p = world["meeting"], world["people"]
    first = make_opinion(meeting, p["agency"], "一")
    second = make_opinion(meeting, p["agency"], "二")
    citizen = make_opinion(meeting, p["citizen"], "三")
    assert opinions.move_opinion(second, "up") is True
    assert [o.title for o in opinions.opinions_for_meeting(meeting)] == ["二", "一", "三"]
    assert opinions.move_opinion(first, "down") is False  # the citizen group follows
    assert opinions.move_opinion(citizen, "up") is False
    assert opinions.move_opinion(second, "up") is False
    with pytest.raises(RuleViolation):
        opinions.move_opinion(first, "sideways")


def test_new_opinion_goes_to_the_end(world):
    meeting, p = world["meeting"], world["people"]
    make_opinion(meeting, p["member"], "早", position=7)
    late = opinions.submit_opinion(meeting, p["member2"], data(title="晚"))
    assert late.position == 8


# ---------------------------------------------------------------- suggestions


def test_suggestions_add_edit_reorder_remove(world):
    opinion = make_opinion(world["meeting"], world["people"]["agency"], suggestions=["甲", "乙"])
    user = world["users"]["secretariat"]
    suggestions.add_suggestions(opinion, "丙\n\n丁", by_user=user)
    assert [s.text for s in opinion.suggestions] == ["甲", "乙", "丙", "丁"]
    assert suggestions.move_suggestion(opinion.suggestions[3], "up", by_user=user)
    assert [s.text for s in opinion.suggestions] == ["甲", "乙", "丁", "丙"]
    assert not suggestions.move_suggestion(opinion.suggestions[0], "up", by_user=user)
    suggestions.update_suggestion(opinion.suggestions[0], "  甲改  ", by_user=user)
    suggestions.delete_suggestion(opinion.suggestions[1], by_user=user)
    db.session.commit()
    db.session.expire_all()
    opinion = db.session.get(Opinion, opinion.id)
    assert [(s.position, s.text) for s in opinion.suggestions] == [
        (1, "甲改"),
        (2, "丁"),
        (3, "丙"),
    ]


def test_suggestion_rules(world):
    opinion = make_opinion(world["meeting"], world["people"]["agency"], suggestions=["甲"])
    with pytest.raises(RuleViolation):
        suggestions.update_suggestion(opinion.suggestions[0], "   ")
    with pytest.raises(RuleViolation):
        suggestions.add_suggestions(opinion, "\n \n")
    with pytest.raises(RuleViolation):
        suggestions.add_suggestions(opinion, ["建议"] * opinions.MAX_SUGGESTIONS)
    with pytest.raises(RuleViolation):
        suggestions.move_suggestion(opinion.suggestions[0], "left")


def test_set_suggestions_replaces_all(world):
    opinion = make_opinion(world["meeting"], world["people"]["agency"], suggestions=["甲", "乙"])
    suggestions.set_suggestions(opinion, ["新一", " ", "新二"])
    db.session.commit()
    db.session.expire_all()
    opinion = db.session.get(Opinion, opinion.id)
    assert [(s.position, s.text) for s in opinion.suggestions] == [(1, "新一"), (2, "新二")]


# ---------------------------------------------------------------- themes


def test_themes_are_normalised_and_reused(world):
    meeting, p = world["meeting"], world["people"]
    first = opinions.submit_opinion(
        meeting, p["agency"], data(themes="普惠托育， 人才队伍、#AI  教育;普惠托育")
    )
    assert [t.name for t in first.themes] == ["普惠托育", "人才队伍", "AI 教育"]
    second = opinions.submit_opinion(meeting, p["citizen"], data(themes="ＡＩ 教育, ai 教育"))
    assert [t.name for t in second.themes] == ["AI 教育"]
    db.session.commit()
    assert db.session.query(Theme).count() == 3


def test_theme_limits(world):
    with pytest.raises(RuleViolation):
        themes.split_themes("长" * 33)
    with pytest.raises(RuleViolation):
        themes.split_themes(",".join(f"主题{n}" for n in range(11)))
    assert themes.split_themes("  , ，") == []


def test_updating_themes_replaces_them(world):
    opinion = opinions.submit_opinion(
        world["meeting"], world["people"]["agency"], data(themes="甲, 乙")
    )
    opinions.update_opinion(opinion, data(themes="乙, 丙"))
    assert {t.name for t in opinion.themes} == {"乙", "丙"}


# ---------------------------------------------------------------- reading


def test_members_see_all_opinions_of_meetings_they_are_invited_to(world):
    meeting, p, users = world["meeting"], world["people"], world["users"]
    make_opinion(meeting, p["member"], "我的")
    make_opinion(meeting, p["citizen"], "家长的")
    db.session.commit()
    assert len(opinions.opinions_for_meeting(meeting, users["member"])) == 2
    assert opinions.opinions_for_meeting(meeting, users["outsider"]) == []
    assert opinions.opinions_for_meeting(meeting, users["department"]) == []
    assert len(opinions.opinions_for_meeting(meeting, users["chair"])) == 2


def test_departments_see_only_opinions_assigned_to_them(world):
    from datetime import date

    from responses.models import Assignment, HandlingMode

    meeting, p = world["meeting"], world["people"]
    assigned = make_opinion(meeting, p["citizen"], "已交办")
    make_opinion(meeting, p["agency"], "未交办")
    db.session.add(
        Assignment(
            opinion=assigned,
            department=world["department"],
            mode=HandlingMode.SINGLE,
            due_date=date(2030, 6, 30),
        )
    )
    db.session.commit()
    seen = opinions.opinions_for_meeting(meeting, world["users"]["department"])
    assert [o.title for o in seen] == ["已交办"]


def test_my_opinions_lists_own_across_meetings(world):
    from tests import factories

    meeting, p, member = world["meeting"], world["people"], world["users"]["member"]
    other = factories.make_meeting("另一次协商会", status="held")
    make_opinion(meeting, p["member"], "本次")
    make_opinion(other, p["member"], "另一次")
    make_opinion(meeting, p["member2"], "别人的")
    db.session.commit()
    assert {o.title for o in opinions.opinions_of_user(member)} == {"本次", "另一次"}


def test_suggestion_markers():
    assert suggestions.suggestion_marker(1, True) == "一是"
    assert suggestions.suggestion_marker(10, True) == "十是"
    assert suggestions.suggestion_marker(12, True) == "十二是"
    assert suggestions.suggestion_marker(21, True) == "二十一是"
    assert suggestions.suggestion_marker(3, False) == "3."
