"""Each oral opinion belongs to the agenda step it was spoken in: proposed, editable, checked."""

import pytest

from common.errors import RuleViolation
from extensions import db
from meetings import agenda
from opinions import services as opinions
from opinions.models import Opinion
from opinions.steps import propose_step
from tests import factories


@pytest.fixture
def two_steps(world):
    meeting = world["meeting"]
    factories.make_agenda_item(meeting, kind="briefing", title="区卫健局通报情况")
    first = factories.make_agenda_item(meeting, kind="speeches", title="机构代表、家长代表交流发言")
    second = factories.make_agenda_item(meeting, kind="speeches", title="政协委员协商发言")
    factories.make_agenda_item(meeting, kind="statement", title="副区长讲话")
    db.session.commit()
    return first, second


def oral(world, who: str, **data) -> Opinion:
    return opinions.submit_opinion(
        world["meeting"],
        world["people"][who],
        {"title": f"{who}的意见", "channel": "oral", **data},
        by_user=world["users"]["secretariat"],
    )


def test_the_step_is_proposed_from_the_speakers_kind(world, two_steps, request_ctx):
    first, second = two_steps
    assert oral(world, "agency").agenda_item is first
    assert oral(world, "citizen").agenda_item is first  # 家长 are citizens
    assert oral(world, "member").agenda_item is second


def test_a_kind_the_titles_do_not_name_follows_where_its_kind_spoke(world, two_steps, request_ctx):
    first, second = two_steps
    expert = factories.make_participant("吴专家", kind="expert")
    factories.make_invitation(world["meeting"], expert)
    earlier = opinions.submit_opinion(
        world["meeting"],
        expert,
        {"title": "专家意见", "channel": "oral", "agenda_item_id": second.id},
        by_user=world["users"]["secretariat"],
    )
    assert earlier.agenda_item is second
    assert propose_step(world["meeting"], expert) is second
    assert propose_step(world["meeting"], world["people"]["official"]) is first


def test_the_secretariat_chooses_another_step_and_written_opinions_have_none(
    world, two_steps, request_ctx
):
    first, second = two_steps
    opinion = oral(world, "member", agenda_item_id=first.id)
    assert opinion.agenda_item is first
    opinions.update_opinion(
        opinion, {"agenda_item_id": second.id}, by_user=world["users"]["secretariat"]
    )
    assert opinion.agenda_item is second
    opinions.update_opinion(opinion, {"channel": "written"}, by_user=world["users"]["secretariat"])
    assert opinion.agenda_item is None
    written = oral(world, "agency", channel="written")
    assert written.agenda_item is None


def test_a_step_of_another_meeting_is_refused(world, two_steps, request_ctx):
    other = factories.make_meeting("另一次会议", status="scheduled")
    foreign = factories.make_agenda_item(other, kind="speeches")
    with pytest.raises(RuleViolation):
        oral(world, "member", agenda_item_id=foreign.id)


def test_a_meeting_with_one_speeches_step_puts_every_speech_there(world, request_ctx):
    only = factories.make_agenda_item(world["meeting"], kind="speeches", title="协商发言")
    assert oral(world, "agency").agenda_item is only
    assert oral(world, "member").agenda_item is only


def test_removing_a_step_leaves_its_opinions_unplaced(world, two_steps, request_ctx):
    first, _second = two_steps
    opinion = oral(world, "agency")
    db.session.commit()
    agenda.delete_agenda_item(first)
    db.session.commit()
    db.session.refresh(opinion)
    assert opinion.agenda_item_id is None


def test_the_opinion_form_offers_the_steps(world, two_steps, client, auth):
    first, second = two_steps
    auth.login("secretariat")
    meeting = world["meeting"]
    page = client.get(f"/meetings/{meeting.id}/opinions/new").get_data(as_text=True)
    assert "所在议程" in page and "政协委员协商发言" in page
    response = client.post(
        f"/meetings/{meeting.id}/opinions/new",
        data={
            "speaker_id": world["people"]["member"].id,
            "channel": "oral",
            "title": "托育人才培养",
            "agenda_item_id": str(first.id),
        },
    )
    assert response.status_code == 302
    saved = db.session.query(Opinion).filter_by(title="托育人才培养").one()
    assert saved.agenda_item_id == first.id  # the secretariat's choice wins over the proposal


def test_step_texts_are_recorded_on_the_agenda_form(world, two_steps, client, auth):
    auth.login("secretariat")
    meeting = world["meeting"]
    statement = meeting.agenda_items[-1]
    response = client.post(
        f"/meetings/{meeting.id}/agenda/{statement.id}/edit",
        data={
            "kind": "statement",
            "title": "副区长讲话",
            "text": "区政府将新增普惠托位。\n\n第二段。",
        },
    )
    assert response.status_code == 302
    db.session.refresh(statement)
    assert statement.text == "区政府将新增普惠托位。\n\n第二段。"
