"""Commitment and rating pages: add, progress, done, lists with badges, ratings by the member."""

from datetime import timedelta

import pytest

from extensions import db
from responses.models import (
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Rating,
    Reply,
)
from tests import factories
from tests.factories import make_assignment, make_opinion
from tests.querycount import queries_for as statements_for
from tests.responses.reply.conftest import TODAY

DUE = (TODAY + timedelta(days=30)).isoformat()


def text(response) -> str:
    return response.get_data(as_text=True)


def reply_to(assignment, status="submitted", channel="written", **fields) -> Reply:
    """A category-B reply by phone, committed; a submitted one marks the assignment replied."""
    reply = factories.make_reply(
        assignment,
        fields.pop("text", "我局将分步推进。"),
        category="B",
        contact_method="phone",
        channel=channel,
        status=status,
        **fields,
    )
    if status == "submitted":
        assignment.status = AssignmentStatus.REPLIED
    db.session.commit()
    return reply


def promise(reply, text="年底前新增托位300个", due=None) -> Commitment:
    """A committed promise in the reply, due in 30 days unless told."""
    commitment = factories.make_commitment(reply, text, due_date=due or TODAY + timedelta(days=30))
    db.session.commit()
    return commitment


def fresh(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


# ---------------------------------------------------------------- commitments


def test_add_a_commitment_to_a_draft(client, auth, world):
    reply = reply_to(world.assignment, status="draft")
    auth.login("dept_x")
    response = client.post(
        f"/replies/{reply.id}/commitments",
        data={"commitment-text": "出台托育补贴办法", "commitment-due_date": DUE},
    )
    assert response.status_code == 302
    assert [c.text for c in fresh(Reply, reply.id).commitments] == ["出台托育补贴办法"]
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert "出台托育补贴办法" in page and "添加承诺事项" in page


@pytest.mark.parametrize(
    "data",
    [
        {"commitment-text": "", "commitment-due_date": DUE},
        {"commitment-text": "有内容", "commitment-due_date": "明年"},
        {},
    ],
)
def test_bad_commitment_is_422(client, auth, world, data):
    reply = reply_to(world.assignment, status="draft")
    auth.login("dept_x")
    assert client.post(f"/replies/{reply.id}/commitments", data=data).status_code == 422
    assert fresh(Reply, reply.id).commitments == []


def test_progress_then_done(client, auth, world):
    commitment = promise(reply_to(world.assignment))
    auth.login("dept_x")
    url = f"/commitments/{commitment.id}"
    assert "尚未报送进展" in text(client.get(url))
    data = {"on_date": TODAY.isoformat(), "note": "已完成选址", "percent": "40"}
    assert client.post(f"{url}/progress", data=data).status_code == 302
    assert fresh(Commitment, commitment.id).status == CommitmentStatus.IN_PROGRESS
    page = text(client.get(url))
    assert "已完成选址" in page and "40%" in page and "推进中" in page
    assert client.post(f"{url}/done").status_code == 302
    done = fresh(Commitment, commitment.id)
    assert done.status == CommitmentStatus.DONE and done.done_at is not None
    assert client.post(f"{url}/done").status_code == 409


@pytest.mark.parametrize(
    "data",
    [
        {"on_date": (TODAY + timedelta(days=1)).isoformat(), "note": "未来", "percent": "10"},
        {"on_date": TODAY.isoformat(), "note": "太多", "percent": "150"},
        {"on_date": TODAY.isoformat(), "note": "", "percent": "10"},
        {"on_date": "yesterday", "note": "日期错", "percent": "10"},
    ],
)
def test_bad_progress_is_422(client, auth, world, data):
    commitment = promise(reply_to(world.assignment))
    auth.login("dept_x")
    assert client.post(f"/commitments/{commitment.id}/progress", data=data).status_code == 422
    assert fresh(Commitment, commitment.id).updates == []


def test_edit_and_remove(client, auth, world):
    draft = reply_to(world.assignment, status="draft")
    commitment = promise(draft)
    auth.login("dept_x")
    url = f"/commitments/{commitment.id}"
    data = {"commitment-text": "年底前新增托位500个", "commitment-due_date": DUE}
    assert client.post(f"{url}/edit", data=data).status_code == 302
    assert fresh(Commitment, commitment.id).text == "年底前新增托位500个"
    assert (
        client.post(
            f"{url}/edit", data={"commitment-text": "", "commitment-due_date": DUE}
        ).status_code
        == 422
    )
    assert client.post(f"{url}/delete").status_code == 302
    assert fresh(Commitment, commitment.id) is None


def test_commitment_list_with_overdue_badges(client, auth, world, clock):
    reply = reply_to(world.assignment)
    promise(reply, "早该完成的事", due=TODAY - timedelta(days=2))
    promise(reply, "还来得及的事")
    other = make_assignment(
        make_opinion(world.meeting, world.member_b, title="另一意见"), world.dept_y
    )
    promise(reply_to(other), "教育局的承诺")
    auth.login("dept_x")
    page = text(client.get("/commitments/"))
    assert "早该完成的事" in page and "还来得及的事" in page and "教育局的承诺" not in page
    assert page.count(">逾期<") == 1
    overdue = text(client.get("/commitments/?overdue=1"))
    assert "早该完成的事" in overdue and "还来得及的事" not in overdue
    assert client.get("/commitments/?status=bogus").status_code == 200
    auth.logout()
    auth.login("secretariat")
    page = text(client.get(f"/commitments/?department={world.dept_y.id}"))
    assert "教育局的承诺" in page and "早该完成的事" not in page
    assert "教育局的承诺" in text(client.get("/commitments/"))
    assert client.get("/commitments/?department=999999").status_code == 404


def test_commitment_roles(client, auth, world):
    commitment = promise(reply_to(world.assignment))
    url = f"/commitments/{commitment.id}"
    auth.login("dept_y")
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/done").status_code == 404
    auth.logout()
    auth.login("chair")
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/done").status_code == 403
    auth.logout()
    auth.login("member_a")
    assert client.get(url).status_code == 403
    assert client.get("/commitments/").status_code == 403
    assert client.get("/commitments/999999").status_code == 404
    assert fresh(Commitment, commitment.id).status == CommitmentStatus.OPEN


# ---------------------------------------------------------------- ratings


def test_member_rates_from_the_waiting_list(client, auth, world):
    reply = reply_to(world.assignment, text="书面答复全文")
    auth.login("member_a")
    page = text(client.get("/replies/to-rate"))
    assert world.opinion.title in page and "区卫健局" in page and "待测评答复" in page
    page = text(client.get(f"/replies/{reply.id}"))
    assert "书面答复全文" in page and "提交测评" in page
    response = client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"})
    assert response.status_code == 302
    assert fresh(Reply, reply.id).rating.value.value == "satisfied"
    assert "暂无待测评的答复" in text(client.get("/replies/to-rate"))
    assert (
        client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"}).status_code == 409
    )


def test_unsatisfied_needs_a_comment_then_reopens(client, auth, world):
    reply = reply_to(world.assignment)
    auth.login("member_a")
    no_comment = client.post(f"/replies/{reply.id}/rating", data={"value": "unsatisfied"})
    assert no_comment.status_code == 422 and "请说明不满意的理由" in text(no_comment)
    assert client.post(f"/replies/{reply.id}/rating", data={"value": "great"}).status_code == 422
    data = {"value": "unsatisfied", "comment": "没有时间表"}
    assert client.post(f"/replies/{reply.id}/rating", data=data).status_code == 302
    assert fresh(Reply, reply.id).assignment.status == AssignmentStatus.REOPENED
    auth.logout()
    auth.login("dept_x")
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert "第1轮答复" in page and "没有时间表" in page and "答复（第2轮）" in page
    assert "保存草稿" in page


def test_only_the_opinions_member_may_rate(client, auth, world):
    reply = reply_to(world.assignment)
    for username, expected in [
        ("member_b", 404),
        ("dept_x", 403),
        ("secretariat", 403),
        ("chair", 403),
    ]:
        auth.login(username)
        response = client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"})
        assert response.status_code == expected, username
        auth.logout()
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 0


def test_oral_and_draft_replies_offer_no_rating(client, auth, world):
    oral = reply_to(world.assignment, channel="oral")
    auth.login("member_a")
    page = text(client.get(f"/replies/{oral.id}"))
    assert "不参加满意度测评" in page and "提交测评" not in page
    assert client.post(f"/replies/{oral.id}/rating", data={"value": "satisfied"}).status_code == 409
    assert "暂无待测评的答复" in text(client.get("/replies/to-rate"))


def test_rating_pages_are_for_members(client, auth, world):
    auth.login("dept_x")
    assert client.get("/replies/to-rate").status_code == 403
    assert client.post("/replies/999999/rating", data={"value": "satisfied"}).status_code == 404


# ---------------------------------------------------------------- query counts


def add_commitments(reply, how_many: int) -> None:
    for n in range(how_many):
        promise(reply, f"承诺{n}", due=TODAY + timedelta(days=n - 2))
    db.session.commit()


def test_commitment_pages_do_not_query_per_row(client, auth, world):
    reply = reply_to(world.assignment)
    auth.login("dept_x")
    add_commitments(reply, 2)
    pages = ["/commitments/", f"/inbox/{world.assignment.id}", f"/replies/{reply.id}"]
    few = [statements_for(client, url) for url in pages]
    add_commitments(reply, 12)
    assert [statements_for(client, url) for url in pages] == few


def test_the_opinion_page_leads_the_member_to_rate_the_reply(client, auth, world):
    reply = reply_to(world.assignment, text="书面答复全文")
    opinion_url = f"/meetings/{world.opinion.meeting_id}/opinions/{world.opinion.id}"
    auth.login("member_a")
    page = text(client.get(opinion_url))
    assert "查看答复并测评" in page and f"/replies/{reply.id}" in page
    client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"})
    assert "您的测评：满意" in text(client.get(opinion_url))
