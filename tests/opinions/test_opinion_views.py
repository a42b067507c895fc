"""Opinion routes: happy paths, bad input (422), bad ids (404), other roles (403/404)."""

from datetime import date

import pytest

from extensions import db
from opinions.models import Opinion
from tests.factories import make_opinion
from tests.opinions.conftest import set_status


@pytest.fixture
def as_user(client, auth, world):
    def login(role: str):
        auth.logout()
        assert auth.login(role).status_code == 302
        return client

    return login


def opinion_url(opinion, suffix: str = "") -> str:
    return f"/meetings/{opinion.meeting_id}/opinions/{opinion.id}{suffix}"


def reload(opinion_id: int) -> Opinion | None:
    db.session.expire_all()
    return db.session.get(Opinion, opinion_id)


# ---------------------------------------------------------------- new


def test_member_submits_an_opinion(as_user, world):
    client = as_user("member")
    url = f"/meetings/{world['meeting'].id}/opinions/new"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="speaker_id"' not in page.text  # a member speaks for themself
    response = client.post(
        url,
        data={
            "title": "增加普惠托位",
            "body": "托位缺口大",
            "suggestions": "扩大托位\n培训保育员\n落实补贴",
            "themes": "普惠托育，人才",
            # crafted: a member cannot pick another speaker
            "speaker_id": world["people"]["citizen"].id,
            "channel": "oral",
        },
    )
    assert response.status_code == 302
    opinion = db.session.query(Opinion).one()
    assert opinion.speaker_id == world["people"]["member"].id
    assert opinion.channel.value == "written"
    assert [s.text for s in opinion.suggestions] == ["扩大托位", "培训保育员", "落实补贴"]
    detail = client.get(response.headers["Location"])
    assert detail.status_code == 200
    assert "一是" in detail.text and "三是" in detail.text


def test_new_opinion_bad_input_is_422_and_writes_nothing(as_user, world):
    client = as_user("member")
    response = client.post(f"/meetings/{world['meeting'].id}/opinions/new", data={"title": ""})
    assert response.status_code == 422
    assert "is-invalid" in response.text
    response = client.post(
        f"/meetings/{world['meeting'].id}/opinions/new",
        data={"title": "主题过多", "themes": ",".join(f"主题{n}" for n in range(12))},
    )
    assert response.status_code == 422
    assert db.session.query(Opinion).count() == 0


def test_secretariat_records_for_a_citizen(as_user, world):
    client = as_user("secretariat")
    url = f"/meetings/{world['meeting'].id}/opinions/new"
    page = client.get(url)
    assert "赵家长" in page.text and "周委员" not in page.text  # invitees only
    response = client.post(
        url,
        data={"speaker_id": world["people"]["citizen"].id, "channel": "oral", "title": "家长心声"},
    )
    assert response.status_code == 302
    assert db.session.query(Opinion).one().speaker_id == world["people"]["citizen"].id


@pytest.mark.parametrize(
    "form",
    [
        {"channel": "oral", "title": "无发言人"},
        {"speaker_id": "abc", "channel": "oral", "title": "坏编号"},
        {"speaker_id": 999999, "channel": "oral", "title": "不存在"},
        {"speaker_id": "outsider", "channel": "oral", "title": "未受邀"},
        {"speaker_id": "citizen", "channel": "loud", "title": "坏渠道"},
    ],
)
def test_secretariat_bad_speaker_or_channel_is_422(as_user, world, form):
    client = as_user("secretariat")
    if form.get("speaker_id") in ("outsider", "citizen"):
        form = {**form, "speaker_id": world["people"][form["speaker_id"]].id}
    response = client.post(f"/meetings/{world['meeting'].id}/opinions/new", data=form)
    assert response.status_code == 422
    assert db.session.query(Opinion).count() == 0


@pytest.mark.parametrize("role, status", [("chair", 403), ("department", 404), ("outsider", 404)])
def test_new_opinion_other_roles(as_user, world, role, status):
    client = as_user(role)
    url = f"/meetings/{world['meeting'].id}/opinions/new"
    assert client.get(url).status_code == status
    assert client.post(url, data={"title": "越权"}).status_code == status
    assert db.session.query(Opinion).count() == 0


def test_new_opinion_window_closed_and_bad_meeting(as_user, world):
    world["meeting"].opinions_open = False
    db.session.commit()
    client = as_user("member")
    response = client.get(f"/meetings/{world['meeting'].id}/opinions/new")
    assert response.status_code == 403
    assert "意见建议征集已截止" in response.text
    assert client.get("/meetings/999999/opinions/new").status_code == 404
    assert client.get("/meetings/99999999999/opinions/new").status_code == 404


def test_new_opinion_on_closed_meeting_redirects_secretariat(as_user, world):
    set_status(world["meeting"], "closed")
    client = as_user("secretariat")
    response = client.get(f"/meetings/{world['meeting'].id}/opinions/new")
    assert response.status_code == 302


# ---------------------------------------------------------------- detail


def test_detail_by_role(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["agency"], "托育机构的困难", ["一条"])
    db.session.commit()
    for role in ("secretariat", "chair", "member"):
        page = as_user(role).get(opinion_url(opinion))
        assert page.status_code == 200, role
        assert "托育机构的困难" in page.text and "钱园长" in page.text
    assert as_user("outsider").get(opinion_url(opinion)).status_code == 404
    assert as_user("department").get(opinion_url(opinion)).status_code == 404


def test_detail_bad_ids(as_user, world):
    from tests import factories

    opinion = make_opinion(world["meeting"], world["people"]["agency"])
    other = factories.make_meeting("别的会", status="scheduled")
    db.session.commit()
    client = as_user("secretariat")
    assert client.get(f"/meetings/{other.id}/opinions/{opinion.id}").status_code == 404
    assert client.get(f"/meetings/{world['meeting'].id}/opinions/999999").status_code == 404
    assert client.get(f"/meetings/{world['meeting'].id}/opinions/9999999999").status_code == 404
    huge = 99999999999
    assert client.get(f"/meetings/{huge}/opinions/{opinion.id}").status_code == 404
    assert client.post(f"/meetings/{huge}/opinions/{opinion.id}/delete").status_code == 404
    assert client.post(opinion_url(opinion, f"/suggestions/{huge}/delete")).status_code == 404
    assert client.post(f"/meetings/{huge}/consensus", data={"text": "x"}).status_code == 404
    assert client.get(f"/meetings/{world['meeting'].id}/consensus/{huge}/edit").status_code == 404
    assert reload(opinion.id) is not None


def test_department_sees_an_assigned_opinion(as_user, world):
    from responses.models import Assignment, HandlingMode

    opinion = make_opinion(world["meeting"], world["people"]["citizen"], "已交办")
    db.session.add(
        Assignment(
            opinion=opinion,
            department=world["department"],
            mode=HandlingMode.SINGLE,
            due_date=date(2030, 6, 30),
        )
    )
    db.session.commit()
    assert as_user("department").get(opinion_url(opinion)).status_code == 200


# ---------------------------------------------------------------- edit / delete


def test_member_edits_own_opinion(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"], "旧标题")
    db.session.commit()
    client = as_user("member")
    assert client.get(opinion_url(opinion, "/edit")).status_code == 200
    response = client.post(opinion_url(opinion, "/edit"), data={"title": "新标题", "themes": "甲"})
    assert response.status_code == 302
    assert reload(opinion.id).title == "新标题"
    assert client.post(opinion_url(opinion, "/edit"), data={"title": ""}).status_code == 422
    assert reload(opinion.id).title == "新标题"


def test_member_cannot_edit_anothers_opinion_even_by_crafted_post(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member2"], "别人的")
    db.session.commit()
    client = as_user("member")
    assert client.get(opinion_url(opinion, "/edit")).status_code == 403
    assert client.post(opinion_url(opinion, "/edit"), data={"title": "改"}).status_code == 403
    assert client.post(opinion_url(opinion, "/delete")).status_code == 403
    assert client.post(opinion_url(opinion, "/suggestions"), data={"texts": "x"}).status_code == 403
    assert reload(opinion.id).title == "别人的"
    # outsider: the meeting's opinions are private to them
    outsider = as_user("outsider")
    assert outsider.post(opinion_url(opinion, "/edit"), data={"title": "改"}).status_code == 404
    assert (
        as_user("chair").post(opinion_url(opinion, "/edit"), data={"title": "改"}).status_code
        == 403
    )


def test_member_edit_refused_once_window_closes(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"], "我的")
    world["meeting"].opinions_open = False
    db.session.commit()
    client = as_user("member")
    assert client.get(opinion_url(opinion, "/edit")).status_code == 403
    assert client.post(opinion_url(opinion, "/edit"), data={"title": "改"}).status_code == 403


def test_secretariat_edit_on_closed_meeting(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"], "定稿")
    set_status(world["meeting"], "closed")
    client = as_user("secretariat")
    assert client.get(opinion_url(opinion, "/edit")).status_code == 302
    response = client.post(opinion_url(opinion, "/edit"), data={"title": "改", "speaker_id": ""})
    assert response.status_code in (409, 422)
    response = client.post(
        opinion_url(opinion, "/edit"),
        data={"title": "改", "speaker_id": world["people"]["member"].id, "channel": "oral"},
    )
    assert response.status_code == 409
    assert client.post(opinion_url(opinion, "/delete")).status_code == 409
    assert reload(opinion.id).title == "定稿"


def test_secretariat_changes_speaker(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"])
    db.session.commit()
    client = as_user("secretariat")
    response = client.post(
        opinion_url(opinion, "/edit"),
        data={"title": "改", "speaker_id": world["people"]["agency"].id, "channel": "written"},
    )
    assert response.status_code == 302
    assert reload(opinion.id).speaker_id == world["people"]["agency"].id


def test_delete(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"])
    db.session.commit()
    response = as_user("member").post(opinion_url(opinion, "/delete"))
    assert response.status_code == 302
    assert reload(opinion.id) is None


def test_delete_refused_when_assigned(as_user, world):
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
    response = as_user("secretariat").post(opinion_url(opinion, "/delete"))
    assert response.status_code == 409
    assert reload(opinion.id) is not None


# ---------------------------------------------------------------- order


def test_move_opinion(as_user, world):
    first = make_opinion(world["meeting"], world["people"]["agency"], "一")
    second = make_opinion(world["meeting"], world["people"]["agency"], "二")
    db.session.commit()
    client = as_user("secretariat")
    assert client.post(opinion_url(second, "/move"), data={"direction": "up"}).status_code == 302
    assert reload(second.id).position < reload(first.id).position
    assert client.post(opinion_url(second, "/move"), data={"direction": "x"}).status_code == 422
    assert client.post(opinion_url(second, "/move")).status_code == 422
    member = as_user("member")
    assert member.post(opinion_url(second, "/move"), data={"direction": "up"}).status_code == 403
    chair = as_user("chair")
    assert chair.post(opinion_url(second, "/move"), data={"direction": "up"}).status_code == 403


# ---------------------------------------------------------------- suggestions


def test_suggestion_routes(as_user, world):
    opinion = make_opinion(world["meeting"], world["people"]["member"], "我的", ["甲", "乙"])
    other = make_opinion(world["meeting"], world["people"]["agency"], "别的", ["丙"])
    db.session.commit()
    first, second = (s.id for s in opinion.suggestions)
    foreign = other.suggestions[0].id
    client = as_user("member")
    url = opinion_url(opinion, "/suggestions")
    assert client.post(url, data={"texts": "丁\n戊"}).status_code == 302
    assert client.post(url, data={"texts": "  "}).status_code == 422
    assert client.post(f"{url}/{first}", data={"text": "甲改"}).status_code == 302
    assert client.post(f"{url}/{first}", data={"text": ""}).status_code == 422
    assert client.post(f"{url}/{second}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"{url}/{second}/move", data={"direction": "no"}).status_code == 422
    assert client.post(f"{url}/{first}/delete").status_code == 302
    assert client.post(f"{url}/{foreign}", data={"text": "偷改"}).status_code == 404
    assert client.post(f"{url}/999999/delete").status_code == 404
    assert [s.text for s in reload(opinion.id).suggestions] == ["乙", "丁", "戊"]
    page = client.get(opinion_url(opinion, "/edit"))
    assert "一是" in page.text and "三是" in page.text


# ---------------------------------------------------------------- lists


def test_meeting_page_groups_opinions_in_speaking_order(as_user, world):
    meeting, p = world["meeting"], world["people"]
    make_opinion(meeting, p["member"], "委员的意见", ["委员建议"])
    make_opinion(meeting, p["citizen"], "家长的意见")
    make_opinion(meeting, p["agency"], "园长的意见", ["第一条", "第二条"])
    db.session.commit()
    page = as_user("member").get(f"/meetings/{meeting.id}")
    assert page.status_code == 200
    text = page.text
    assert text.index("园长的意见") < text.index("家长的意见") < text.index("委员的意见")
    assert "一是" in text and "二是" in text
    assert "向阳幼儿园" in text  # affiliation
    assert "提交意见" in text  # Chinese UI: the member may submit


def test_my_opinions(as_user, world):
    meeting, p = world["meeting"], world["people"]
    mine = make_opinion(meeting, p["member"], "我的意见")
    make_opinion(meeting, p["member2"], "别人的意见")
    db.session.commit()
    page = as_user("member").get("/meetings/opinions/mine")
    assert page.status_code == 200
    assert "我的意见" in page.text and "别人的意见" not in page.text
    assert opinion_url(mine, "/edit") in page.text
    meeting.opinions_open = False
    db.session.commit()
    page = as_user("member").get("/meetings/opinions/mine")
    assert opinion_url(mine, "/edit") not in page.text
    assert as_user("department").get("/meetings/opinions/mine").status_code == 200


def test_english_ui_numbers_suggestions_with_digits(as_user, world):
    opinion = make_opinion(
        world["meeting"], world["people"]["agency"], "托位", ["甲", "乙"], channel="oral"
    )
    db.session.commit()
    client = as_user("secretariat")
    client.get("/lang/en")
    page = client.get(opinion_url(opinion)).text
    assert "1." in page and "2." in page and "一是" not in page
    assert "Suggestions" in page and "Spoken at the meeting" in page


def test_writes_reach_the_audit_trail(as_user, world):
    from audit.models import AuditEvent

    client = as_user("member")
    client.post(
        f"/meetings/{world['meeting'].id}/opinions/new",
        data={"title": "留痕", "suggestions": "一条"},
    )
    tables = {e.table_name for e in db.session.query(AuditEvent).all()}
    assert {"opinion", "suggestion"} <= tables
