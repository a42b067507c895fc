"""Reply pages: write, save, submit, two people at once, and who may see what."""

import pytest

from extensions import db
from responses.models import AssignmentStatus, Reply, ReplyStatus
from tests.conftest import AuthActions
from tests.factories import make_assignment, make_opinion
from tests.responses.reply.conftest import GOOD_REPLY


def fresh_reply(assignment_id: int) -> Reply | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Reply).where(Reply.assignment_id == assignment_id))


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def as_x(client, auth, world):
    assert auth.login("dept_x").status_code == 302
    return client


def test_assignment_page_shows_the_opinion_and_an_empty_form(as_x, world):
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert world.opinion.title in page and "托位供给不足" in page and "李委员" in page
    assert "保存草稿" in page and "保存并提交" in page and "答复类别" in page
    assert "尚未撰写答复" not in page


def test_save_a_draft_then_submit(as_x, world):
    url = f"/inbox/{world.assignment.id}/reply"
    response = as_x.post(url, data={**GOOD_REPLY, "text": "初稿", "version": "", "action": "save"})
    assert response.status_code == 302
    reply = fresh_reply(world.assignment.id)
    assert reply.text == "初稿" and reply.status == ReplyStatus.DRAFT
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "初稿" in page and f'name="version" type="hidden" value="{reply.version}"' in page
    response = as_x.post(
        url, data={**GOOD_REPLY, "version": str(reply.version), "action": "submit"}
    )
    assert response.status_code == 302
    reply = fresh_reply(world.assignment.id)
    assert (
        reply.status == ReplyStatus.SUBMITTED
        and reply.assignment.status == AssignmentStatus.REPLIED
    )
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "保存草稿" not in page and GOOD_REPLY["text"] in page and "已提交" in page
    # A submitted reply is read-only: another save is refused (409), nothing changes.
    again = as_x.post(url, data={**GOOD_REPLY, "text": "改", "version": "2", "action": "save"})
    assert again.status_code == 409
    assert fresh_reply(world.assignment.id).text == GOOD_REPLY["text"]


@pytest.mark.parametrize(
    "data",
    [
        {**GOOD_REPLY, "category": "Z", "action": "save"},  # not a category
        {**GOOD_REPLY, "category": "D", "action": "save"},  # not configured
        {**GOOD_REPLY, "channel": "pigeon", "action": "save"},
        {**GOOD_REPLY, "version": "abc", "action": "save"},
        {**GOOD_REPLY, "text": "", "action": "submit"},
        {**GOOD_REPLY, "category": "", "action": "submit"},
        {**GOOD_REPLY, "contact_method": "", "action": "submit"},
    ],
)
def test_bad_input_is_shown_again_with_nothing_saved(as_x, world, data):
    response = as_x.post(f"/inbox/{world.assignment.id}/reply", data=data)
    assert response.status_code == 422
    assert "请更正" in text(response) or "请" in text(response)
    assert fresh_reply(world.assignment.id) is None


def test_category_d_when_the_office_uses_four(app, as_x, world, monkeypatch):
    monkeypatch.setitem(app.config, "REPLY_CATEGORIES", "ABCD")
    assert "D类" in text(as_x.get(f"/inbox/{world.assignment.id}"))
    data = {**GOOD_REPLY, "category": "D", "action": "save"}
    assert as_x.post(f"/inbox/{world.assignment.id}/reply", data=data).status_code == 302


def test_two_liaisons_editing_at_once(app, as_x, world):
    """The second save on the same version is refused; both texts are shown for merging."""
    url = f"/inbox/{world.assignment.id}/reply"
    as_x.post(url, data={**GOOD_REPLY, "text": "共同初稿", "action": "save"})
    other = app.test_client()
    assert AuthActions(other).login("dept_x2").status_code == 302
    # Both open the draft at version 1 ...
    assert 'value="1"' in text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert 'value="1"' in text(other.get(f"/inbox/{world.assignment.id}"))
    # ... the first saves ...
    first = as_x.post(url, data={**GOOD_REPLY, "text": "甲：增加托位", "version": "1"})
    assert first.status_code == 302
    # ... the second is refused, and sees their own text next to the saved one.
    second = other.post(
        url, data={**GOOD_REPLY, "text": "乙：降低收费", "version": "1", "action": "submit"}
    )
    assert second.status_code == 409
    page = text(second)
    assert "他人已保存" in page and "乙：降低收费" in page and "甲：增加托位" in page
    assert 'name="version" type="hidden" value="2"' in page  # the next save is on top of it
    reply = fresh_reply(world.assignment.id)
    assert reply.text == "甲：增加托位" and reply.status == ReplyStatus.DRAFT
    merged = other.post(url, data={**GOOD_REPLY, "text": "甲乙合并", "version": "2"})
    assert merged.status_code == 302
    assert fresh_reply(world.assignment.id).text == "甲乙合并"


def test_co_handler_input_and_the_leads_view(client, auth, world):
    world.assignment.mode = "joint"
    co = make_assignment(world.opinion, world.dept_y, mode="joint", role="co")
    db.session.commit()
    auth.login("dept_y")
    page = text(client.get(f"/inbox/{co.id}"))
    assert "提交主办单位的会办意见" in page and "答复类别" not in page
    response = client.post(
        f"/inbox/{co.id}/reply", data={"text": "建议幼儿园开设托班", "action": "submit"}
    )
    assert response.status_code == 302
    assert "会办意见已送主办单位" in text(client.get(response.location))
    auth.logout()
    auth.login("dept_x")
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert "会办单位意见" in page and "建议幼儿园开设托班" in page and "尚未收到" not in page


def test_the_lead_is_told_which_inputs_are_missing(as_x, world):
    world.assignment.mode = "joint"
    make_assignment(world.opinion, world.dept_y, mode="joint", role="co")
    db.session.commit()
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "尚未收到以下会办单位的意见：区教育局" in page


# ---------------------------------------------------------------- who may


def other_departments_assignment(world):
    opinion = make_opinion(world.meeting, world.member_b, title="另一条意见")
    assignment = make_assignment(opinion, world.dept_y)
    reply = Reply(assignment=assignment, text="乙局的草稿")
    db.session.add(reply)
    db.session.commit()
    return assignment, reply


def test_another_departments_assignment_and_reply_are_404(as_x, world):
    assignment, reply = other_departments_assignment(world)
    assert as_x.get(f"/inbox/{assignment.id}").status_code == 404
    data = {**GOOD_REPLY, "action": "save"}
    assert as_x.post(f"/inbox/{assignment.id}/reply", data=data).status_code == 404
    assert as_x.get(f"/replies/{reply.id}").status_code == 404
    assert as_x.post(f"/replies/{reply.id}/commitments", data={}).status_code == 404
    assert db.session.get(Reply, reply.id).text == "乙局的草稿"


@pytest.mark.parametrize(
    "url", ["/inbox/999999", "/inbox/0", "/replies/999999", "/inbox/99999999999"]
)
def test_missing_ids_are_404(as_x, url):
    assert as_x.get(url).status_code == 404


def test_chair_reads_but_does_not_write(client, auth, world):
    auth.login("chair")
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert world.opinion.title in page and "保存草稿" not in page
    data = {**GOOD_REPLY, "action": "save"}
    assert client.post(f"/inbox/{world.assignment.id}/reply", data=data).status_code == 403


def test_secretariat_may_record_a_reply(client, auth, world):
    auth.login("secretariat")
    data = {**GOOD_REPLY, "channel": "oral", "contact_method": "forum", "action": "submit"}
    assert client.post(f"/inbox/{world.assignment.id}/reply", data=data).status_code == 302
    assert fresh_reply(world.assignment.id).status == ReplyStatus.SUBMITTED


def test_members_see_only_submitted_replies_to_their_own_opinions(client, auth, world):
    reply = Reply(assignment=world.assignment, text="草稿内容", category="A")
    db.session.add(reply)
    db.session.commit()
    auth.login("member_a")
    assert client.get(f"/replies/{reply.id}").status_code == 404  # a draft is the department's
    reply.status = ReplyStatus.SUBMITTED
    reply.author_id = world.users.x.id
    liaison = world.users.x.display_name
    db.session.commit()
    page = text(client.get(f"/replies/{reply.id}"))
    assert "草稿内容" in page and "区卫健局" in page
    assert liaison not in page  # the member sees the department, not the staff member
    auth.logout()
    auth.login("member_b")
    assert client.get(f"/replies/{reply.id}").status_code == 404


def test_the_nav_shows_the_inbox_to_departments(as_x):
    assert "待办/我的交办" in text(as_x.get("/inbox/"))


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/inbox/").status_code == 302
    assert client.get(f"/inbox/{world.assignment.id}").status_code == 302


def test_text_typed_while_a_colleague_submitted_is_given_back(app, as_x, world):
    url = f"/inbox/{world.assignment.id}/reply"
    as_x.post(url, data={**GOOD_REPLY, "text": "共同初稿", "action": "save"})
    other = app.test_client()
    AuthActions(other).login("dept_x2")
    assert (
        other.post(url, data={**GOOD_REPLY, "version": "1", "action": "submit"}).status_code == 302
    )
    late = as_x.post(url, data={**GOOD_REPLY, "text": "我晚了一步的补充", "version": "1"})
    assert late.status_code == 409
    page = text(late)
    assert "我晚了一步的补充" in page and "未能保存" in page and GOOD_REPLY["text"] in page
