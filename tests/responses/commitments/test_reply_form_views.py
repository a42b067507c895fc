"""Pages: commitment rows on the reply form, follow-up in the inbox and on the board,
the secretariat recording an oral reply and reopening a closed one, what a member sees."""

import re
from datetime import timedelta

import pytest

from extensions import db
from responses.models import AssignmentEventKind, AssignmentStatus, ReplyStatus
from tests.responses.commitments.conftest import (
    GOOD_REPLY,
    ORAL_B,
    TODAY,
    all_commitments,
    fresh_assignment,
    rows,
    status_of,
    the_reply,
)

SOON = TODAY + timedelta(days=20)
LATER = TODAY + timedelta(days=60)


def text(response) -> str:
    return response.get_data(as_text=True)


def row_count(page: str) -> int:
    return len(re.findall(r'name="commitments-\d+-text"', page))


@pytest.fixture
def as_x(client, auth, world):
    assert auth.login("dept_x").status_code == 302
    return client


def post_reply(client, world, data: dict, action: str = "submit", version: str = ""):
    return client.post(
        f"/inbox/{world.assignment.id}/reply", data={**data, "version": version, "action": action}
    )


def test_the_form_offers_blank_rows_with_the_replying_department(as_x, world):
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "本答复的承诺事项" in page and row_count(page) == 2
    assert "责任单位" in page and "区教育局" in page  # another department may answer for it
    selected = re.search(r'id="commitments-0-department".*?</select>', page, re.S).group(0)
    assert f'<option selected value="{world.dept_x.id}">' in selected
    assert "js/commitment_rows.js" in page


def test_an_oral_b_reply_with_a_commitment_from_the_first_save(as_x, world):
    data = {**ORAL_B, **rows(("年底前新增托位300个", world.dept_x.id, SOON), blanks=1)}
    assert post_reply(as_x, world, data).status_code == 302
    reply = the_reply(world.assignment.id)
    assert (reply.status, reply.category.value, reply.channel.value) == (
        ReplyStatus.SUBMITTED,
        "B",
        "oral",
    )
    [commitment] = all_commitments()
    assert (commitment.reply_id, commitment.text, commitment.due_date) == (
        reply.id,
        "年底前新增托位300个",
        SOON,
    )
    assert status_of(world.assignment.id) == AssignmentStatus.REPLIED  # not closed
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "跟踪落实中" in page and "年底前新增托位300个" in page and "本答复未作承诺" not in page
    inbox = text(as_x.get("/inbox/"))
    assert "跟踪落实中" in inbox and f"承诺时限{SOON.isoformat()}" in inbox.replace(" ", "")


def test_a_written_reply_with_two_commitments_for_two_departments(client, auth, world):
    auth.login("dept_x")
    data = {
        **GOOD_REPLY,
        **rows(
            ("卫健局新增托位", world.dept_x.id, SOON), ("教育局开设托班", world.dept_y.id, LATER)
        ),
    }
    assert post_reply(client, world, data).status_code == 302
    mine, theirs = all_commitments()
    assert (mine.department_id, theirs.department_id) == (world.dept_x.id, world.dept_y.id)
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert "区卫健局" in page and "区教育局" in page and "教育局开设托班" in page
    # The replying department follows the promise it made for Y ...
    assert client.get(f"/commitments/{theirs.id}").status_code == 200
    assert "教育局开设托班" in text(client.get("/commitments/"))
    auth.logout()
    # ... and Y, which answers for it, finds it in its own list and reports progress on it.
    auth.login("dept_y")
    assert "教育局开设托班" in text(client.get("/commitments/"))
    assert client.get(f"/commitments/{mine.id}").status_code == 404
    progress = {"on_date": TODAY.isoformat(), "note": "已选定两所幼儿园", "percent": "30"}
    assert client.post(f"/commitments/{theirs.id}/progress", data=progress).status_code == 302


def test_a_draft_keeps_its_commitments(as_x, world):
    data = {**GOOD_REPLY, **rows(("初稿里的承诺", None, SOON), ("另一项", None, LATER))}
    assert post_reply(as_x, world, data, action="save").status_code == 302
    reply = the_reply(world.assignment.id)
    assert reply.status == ReplyStatus.DRAFT
    first, second = all_commitments()
    page = text(as_x.get(f"/inbox/{world.assignment.id}"))
    assert "初稿里的承诺" in page and "另一项" in page and row_count(page) == 4
    assert f'name="commitments-0-id" type="hidden" value="{first.id}"' in page
    # Edit the first, empty the second (removed), then submit: one transaction each time.
    data = {
        **GOOD_REPLY,
        "commitments-0-id": str(first.id),
        "commitments-0-text": "改过的承诺",
        "commitments-0-department": str(world.dept_x.id),
        "commitments-0-due_date": LATER.isoformat(),
        "commitments-1-id": str(second.id),
        "commitments-1-text": "",
        "commitments-1-due_date": "",
    }
    assert post_reply(as_x, world, data, version=str(reply.version)).status_code == 302
    [kept] = all_commitments()
    assert (kept.id, kept.text, kept.due_date) == (first.id, "改过的承诺", LATER)
    assert the_reply(world.assignment.id).status == ReplyStatus.SUBMITTED


def test_more_rows_without_javascript(as_x, world):
    data = {**GOOD_REPLY, **rows(("已经写好的一行", None, SOON), blanks=1)}
    response = post_reply(as_x, world, data, action="more")
    page = text(response)
    assert response.status_code == 200 and row_count(page) == 4
    assert "已经写好的一行" in page and the_reply(world.assignment.id) is None


@pytest.mark.parametrize(
    "bad",
    [
        rows(("没有完成时限", None, None)),
        rows(("", None, SOON)),  # a date without a promise
        {"commitments-0-text": "日期写错", "commitments-0-due_date": "明年"},
        {"commitments-0-text": "单位写错", "commitments-0-department": "abc"},
        rows(("不存在的单位", 999_999, SOON)),
        rows(("早于答复日期", None, TODAY - timedelta(days=1))),
        rows(("别人的承诺", None, SOON)) | {"commitments-0-id": "999999"},
        {"commitments-0-id": "x1", "commitments-0-text": "坏的编号"},
        rows(*[(f"承诺{n}", None, SOON) for n in range(25)]),  # more rows than a reply carries
    ],
)
def test_a_bad_row_is_shown_again_and_nothing_is_written(as_x, world, bad):
    response = post_reply(as_x, world, {**GOOD_REPLY, **bad})
    assert response.status_code in (409, 422)
    assert "请" in text(response) or "不" in text(response)
    assert the_reply(world.assignment.id) is None and all_commitments() == []
    assert status_of(world.assignment.id) == AssignmentStatus.ASSIGNED


def test_the_secretariat_records_an_oral_reply_at_the_meeting(client, auth, world):
    auth.login("secretariat")
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert '<option selected value="oral">' in page  # what the secretariat usually records
    data = {**ORAL_B, **rows(("会上承诺：三个月内完成选址", world.dept_x.id, SOON))}
    assert post_reply(client, world, data).status_code == 302
    reply = the_reply(world.assignment.id)
    assert reply.author.username == "secretariat" and reply.channel.value == "oral"
    assert [c.text for c in all_commitments()] == ["会上承诺：三个月内完成选址"]
    assert status_of(world.assignment.id) == AssignmentStatus.REPLIED
    # Afterwards a forgotten promise is added to the sent reply, for another department.
    extra = {
        "commitment-text": "补录：教育局配合提供场地",
        "commitment-department": str(world.dept_y.id),
        "commitment-due_date": LATER.isoformat(),
    }
    assert client.post(f"/replies/{reply.id}/commitments", data=extra).status_code == 302
    assert [c.department_id for c in all_commitments()] == [world.dept_x.id, world.dept_y.id]


def test_an_open_commitment_keeps_it_in_follow_up_and_done_closes_it(client, auth, world):
    auth.login("dept_x")
    post_reply(client, world, {**ORAL_B, **rows(("承诺一", None, SOON))})
    [commitment] = all_commitments()
    auth.logout()
    auth.login("secretariat")
    board = text(client.get("/board/?year=all"))
    assert "跟踪落实中（承诺未完成）" in board and f"承诺时限{SOON.isoformat()}" in board
    auth.logout()
    auth.login("dept_x")
    assert client.post(f"/commitments/{commitment.id}/done").status_code == 302
    assert status_of(world.assignment.id) == AssignmentStatus.DONE
    assert "跟踪落实中" not in text(client.get("/inbox/"))


def test_the_secretariat_reopens_a_closed_assignment(client, auth, world):
    auth.login("dept_x")
    post_reply(client, world, ORAL_B)  # no commitment recorded: closed at once
    assert status_of(world.assignment.id) == AssignmentStatus.DONE
    assert "重新打开" not in text(client.get(f"/inbox/{world.assignment.id}"))
    auth.logout()
    auth.login("secretariat")
    url = f"/inbox/{world.assignment.id}/reopen"
    assert "重新打开此交办事项" in text(client.get(f"/inbox/{world.assignment.id}"))
    empty = client.post(url, data={"reason": "  "})
    assert empty.status_code == 422 and "请说明重新打开的理由" in text(empty)
    assert client.post(url, data={"reason": "会上承诺漏录"}).status_code == 302
    assignment = fresh_assignment(world.assignment.id)
    assert assignment.status == AssignmentStatus.REPLIED
    assert (assignment.events[-1].kind, assignment.events[-1].note) == (
        AssignmentEventKind.UNDONE,
        "会上承诺漏录",
    )
    page = text(client.get(f"/inbox/{world.assignment.id}"))
    assert "秘书处重新打开" in page and "会上承诺漏录" in page and "添加承诺事项" in page
    assert client.post(url, data={"reason": "再来一次"}).status_code == 409
    # The audit trail has the status change and the event with its reason.
    assert "会上承诺漏录" in text(client.get("/audit/?table=assignment_event"))
    assert AssignmentStatus.DONE.label in text(client.get("/audit/?table=assignment"))


@pytest.mark.parametrize(
    ("username", "expected"),
    [("chair", 403), ("dept_x", 403), ("dept_y", 404), ("member_a", 403), ("member_b", 404)],
)
def test_only_the_secretariat_reopens(client, auth, world, username, expected):
    world.assignment.status = AssignmentStatus.DONE
    db.session.commit()
    auth.login(username)
    response = client.post(f"/inbox/{world.assignment.id}/reopen", data={"reason": "想改"})
    assert response.status_code == expected
    assert status_of(world.assignment.id) == AssignmentStatus.DONE


def test_the_member_sees_the_commitments_in_the_reply_to_rate(client, auth, world):
    auth.login("dept_x")
    data = {
        **GOOD_REPLY,
        **rows(("年底前新增托位300个", None, SOON), ("教育局开设托班", world.dept_y.id, LATER)),
    }
    post_reply(client, world, data)
    reply = the_reply(world.assignment.id)
    auth.logout()
    auth.login("member_a")
    page = text(client.get(f"/replies/{reply.id}"))
    assert "年底前新增托位300个" in page and "教育局开设托班" in page
    assert "区教育局" in page and SOON.isoformat() in page and "提交测评" in page
    assert (
        client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"}).status_code == 302
    )
    # Rated, but both promises are open: still followed, not closed.
    assert status_of(world.assignment.id) == AssignmentStatus.REPLIED


def test_a_commitment_page_changes_the_responsible_department(client, auth, world):
    auth.login("dept_x")
    post_reply(client, world, {**ORAL_B, **rows(("承诺一", None, SOON))})
    [commitment] = all_commitments()
    url = f"/commitments/{commitment.id}"
    page = text(client.get(url))
    assert 'name="commitment-department"' in page and "责任单位" in page
    data = {
        "commitment-text": "承诺一（由教育局落实）",
        "commitment-department": str(world.dept_y.id),
        "commitment-due_date": LATER.isoformat(),
    }
    assert client.post(f"{url}/edit", data=data).status_code == 302
    [changed] = all_commitments()
    assert (changed.department_id, changed.due_date) == (world.dept_y.id, LATER)
    assert "由区卫健局在答复中承诺" in text(client.get(url))
    # The oral reply was given at the meeting (2030-05-20): nothing may fall due before it.
    early = {**data, "commitment-due_date": "2030-05-01"}
    assert client.post(f"{url}/edit", data=early).status_code == 422
    assert all_commitments()[0].due_date == LATER
