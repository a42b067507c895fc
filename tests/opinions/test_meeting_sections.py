"""The meeting page's lean opinions and consensus sections (issue 7): same content and
behaviour, prepared in one pass — clipped suggestions, shared move forms, one-pass checkboxes."""

import pytest
from flask import url_for
from wtforms.widgets import ListWidget

from extensions import db
from opinions.forms import CheckboxList, ConsensusForm
from opinions.sections import SHOWN_SUGGESTIONS, SUGGESTION_CLIP, clip, id_url
from tests.factories import make_opinion

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def as_user(client, auth, world):
    def login(role: str):
        auth.logout()
        assert auth.login(role).status_code == 302
        return client

    return login


def test_checkbox_list_writes_what_wtforms_wrote(app):
    with app.test_request_context():
        form = ConsensusForm(formdata=None, meta={"csrf": False})
        form.opinion_ids.choices = [(3, "甲：<关于&托育>"), (7, '乙："补贴"'), (11, "丙")]
        form.opinion_ids.data = [7]
        ours = CheckboxList()(form.opinion_ids, class_="list-unstyled mb-0")
        theirs = ListWidget(prefix_label=False)(form.opinion_ids, class_="list-unstyled mb-0")
        assert str(ours) == str(theirs)
        assert "checked" in str(ours) and "&lt;关于&amp;托育&gt;" in str(ours)


def test_id_url_is_url_for(app):
    with app.test_request_context():
        made = id_url("opinions.move_opinion", "opinion_id", meeting_id=987)
        for opinion_id in (1, 98, 987, 987654320):
            assert made(opinion_id) == url_for(
                "opinions.move_opinion", meeting_id=987, opinion_id=opinion_id
            )


def test_clip():
    assert clip("  短句  ") == ("短句", False)
    text, cut = clip("长" * (SUGGESTION_CLIP + 1))
    assert cut and len(text) == SUGGESTION_CLIP and text.endswith("…")


def test_meeting_page_clips_long_suggestions_and_links_the_full_text(as_user, world):
    meeting, p = world["meeting"], world["people"]
    long = "扩大普惠托育供给" * 40
    many = [long] + [f"第{n}条建议" for n in range(2, SHOWN_SUGGESTIONS + 3)]
    opinion = make_opinion(meeting, p["agency"], "托育的意见", many)
    make_opinion(meeting, p["citizen"], "短的意见", ["只有一条"])
    db.session.commit()
    client = as_user("secretariat")
    page = client.get(f"/meetings/{meeting.id}").text
    assert long not in page and long[: SUGGESTION_CLIP - 1] in page
    assert f"第{SHOWN_SUGGESTIONS}条建议" in page and f"第{SHOWN_SUGGESTIONS + 1}条建议" not in page
    assert f"查看全部{len(many)}条建议原文" in page
    assert f'href="/meetings/{meeting.id}/opinions/{opinion.id}">查看全部' in page
    assert "只有一条" in page and page.count("查看全部") == 1  # nothing cut: no link
    full = client.get(f"/meetings/{meeting.id}/opinions/{opinion.id}").text
    assert long in full and f"第{SHOWN_SUGGESTIONS + 2}条建议" in full


def test_move_arrows_share_one_form_per_section(as_user, world, clock):
    from opinions.models import ConsensusPoint

    meeting, p = world["meeting"], world["people"]
    ops = [make_opinion(meeting, p["agency"], f"意见{n}") for n in range(3)]
    for n in range(2):
        db.session.add(ConsensusPoint(meeting=meeting, position=n + 1, text=f"共识{n}"))
    db.session.commit()
    page = as_user("secretariat").get(f"/meetings/{meeting.id}").text
    assert page.count('id="opinion-move"') == 1 and page.count('form="opinion-move"') == 4
    move = f"/meetings/{meeting.id}/opinions/{{}}/move"
    assert f'formaction="{move.format(ops[1].id)}" name="direction" value="up"' in page
    assert f'formaction="{move.format(ops[1].id)}" name="direction" value="down"' in page
    assert f'formaction="{move.format(ops[0].id)}" name="direction" value="up"' not in page
    assert f'formaction="{move.format(ops[2].id)}" name="direction" value="down"' not in page
    assert page.count('id="consensus-move"') == 1 and page.count('form="consensus-move"') == 2
    # What an arrow submits (its name/value with the form's token) is what the route takes.
    client = as_user("secretariat")
    response = client.post(move.format(ops[1].id), data={"direction": "up"})
    assert response.status_code == 302
    for role in ("member", "chair"):  # no arrows, no form
        assert 'id="opinion-move"' not in as_user(role).get(f"/meetings/{meeting.id}").text


def test_page_opinions_are_those_of_opinions_for_meeting(app, world):
    from opinions import services as opinions
    from opinions.sections import page_opinions

    meeting, p = world["meeting"], world["people"]
    for n, key in enumerate(["member", "official", "agency", "citizen", "agency", "member2"]):
        make_opinion(meeting, p[key], f"意见{n}", position=6 - n)
    make_opinion(meeting, p["citizen"], "同位", position=3)
    db.session.commit()
    with app.test_request_context():
        for user in world["users"].values():
            expected = [o.id for o in opinions.opinions_for_meeting(meeting, user)]
            for with_assignments in (False, True):
                found = page_opinions(meeting, user, with_assignments=with_assignments)
                assert [o.id for o in found] == expected
