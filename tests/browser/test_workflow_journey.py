"""Issue 4's story in a real browser, one role after another (CSRF on, real clicks only):

a member submits a written opinion with three suggestions; the secretariat assigns it for
joint handling (会办) from the meeting's bulk page; the co-handler gives its input
and the lead department replies with a commitment; the member rates the reply unsatisfied,
which reopens it, and the department's second reply satisfied; the chair records a
consensus point linked to the opinion and closes the meeting (办结), which needs that
point (the chair may close, not otherwise manage, a meeting); after the meeting the department
carries out its commitment and the board shows the opinion's handling complete.
"""

from datetime import timedelta

from sqlalchemy import select

from common.clock import today
from common.models import now
from extensions import db
from meetings.models import Meeting, MeetingStatus
from opinions.models import ConsensusPoint, Opinion
from responses.models import (
    AssignmentRole,
    AssignmentStatus,
    CommitmentStatus,
    HandlingMode,
    RatingValue,
    ReplyPurpose,
    ReplyStatus,
)
from tests import factories
from tests.browser.conftest import sign_in

MEETING = "普惠托育服务协商会"
TITLE = "关于扩大普惠托育服务供给的建议"
PROBLEM = "部分街道托位紧张，双职工家庭入托难、费用高。"
SUGGESTIONS = [
    "在每个街道至少建成一家普惠托育点",
    "对普惠托位给予运营补贴",
    "加强托育从业人员培训",
]
INPUT = "财政局：普惠托位运营补贴可纳入明年预算统筹安排。"
FIRST_REPLY = "我局已将新增托位列入年度民生实事，正在选址。"
COMMITMENT = "每个街道年底前建成一家普惠托育点"
UNSATISFIED = "答复未说明补贴标准，请进一步明确。"
SECOND_REPLY = "经与财政局会商，补贴标准定为每托位每月四百元，明年一月起执行。"
PROGRESS = "全区新建普惠托育点十二家，已全部投入运营。"
CONSENSUS = "普惠托育是民生实事，应加快增加托位并落实运营补贴。"


def sign_out(page) -> None:
    page.click("nav form[action$='/logout'] button")
    page.wait_for_url("**/login")


def open_meeting(page, base_url: str) -> None:
    """Meetings → past meetings (it was held yesterday) → the meeting."""
    if page.url != f"{base_url}/meetings/":
        page.click("nav >> text=会议")
        page.wait_for_url(f"{base_url}/meetings/")
    page.click("main >> text=往期会议")
    page.wait_for_url(f"{base_url}/meetings/?tab=past*")
    page.click(f"main a:has-text('{MEETING}')")
    page.wait_for_selector(f"h1:has-text('{MEETING}')")


def main_text(page) -> str:
    return page.inner_text("main")


def flashed(page, message: str) -> str:
    """Wait for this success message (the page before may show another), return the page."""
    page.locator(".alert-success", has_text=message).wait_for()
    return main_text(page)


def test_opinion_to_reply_to_rating_to_consensus_and_closing(live_app, live_server, page):
    base = live_server
    with live_app.app_context():
        health = factories.make_department("云溪区卫生健康局")
        finance = factories.make_department("云溪区财政局")
        chair = factories.make_participant("林振声", kind="member", sector="中国共产党")
        member = factories.make_participant("王喆", kind="member", sector="医药卫生界")
        meeting = factories.make_meeting(
            MEETING,
            status="held",
            opinions_open=True,
            chair=chair,
            starts_at=now().replace(hour=14, minute=30, second=0) - timedelta(days=1),
        )
        factories.make_invitation(meeting, chair, role="chair")
        factories.make_invitation(meeting, member, role="speaker")
        factories.make_user("mishu", role="secretariat", display_name="秘书处小周")
        factories.make_user("zhuxi", role="chair", display_name="林振声")
        factories.make_user("wangzhe", role="member", display_name="王喆", participant=member)
        factories.make_user(
            "weijian", role="department", display_name="卫健局联络员", department=health
        )
        factories.make_user(
            "caizheng", role="department", display_name="财政局联络员", department=finance
        )
        db.session.commit()
        meeting_id = meeting.id
        due = (today() + timedelta(days=90)).isoformat()  # the office's calendar

    # 1. The member submits a written opinion with three suggestions.
    sign_in(page, base, "wangzhe")
    page.wait_for_url(f"{base}/meetings/")
    open_meeting(page, base)
    assert "正在征集意见" in main_text(page)
    page.click("#opinions >> text=提交意见建议")
    page.wait_for_selector("textarea[name=suggestions]")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=body]", PROBLEM)
    page.fill("textarea[name=suggestions]", "\n".join(SUGGESTIONS))
    page.fill("input[name=themes]", "普惠托育")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/meetings/{meeting_id}/opinions/*")
    text = flashed(page, "意见建议已保存。")
    assert TITLE in page.inner_text("h1")
    assert PROBLEM in text
    for marker, suggestion in zip(("一是", "二是", "三是"), SUGGESTIONS, strict=True):
        assert marker in text and suggestion in text
    page.click(f"main a:has-text('{MEETING}')")
    page.wait_for_selector("#opinions .opinion-item")
    listed = page.inner_text("#opinions")
    assert TITLE in listed and "王喆" in listed and SUGGESTIONS[2] in listed
    sign_out(page)

    # 2. The secretariat assigns it from the meeting's bulk page: 会办, health leads.
    sign_in(page, base, "mishu")
    page.wait_for_url(f"{base}/meetings/")
    open_meeting(page, base)
    page.click("#opinions >> text=批量交办")
    page.wait_for_url(f"{base}/meetings/{meeting_id}/assign")
    row = page.locator("tbody tr", has_text=TITLE)
    row.locator("select[name^=mode-]").select_option("joint")
    for department in ("云溪区卫生健康局", "云溪区财政局"):  # a checkbox list, no Ctrl-click
        row.get_by_label(department, exact=True).check()
    row.locator("select[name^=lead-]").select_option(label="云溪区卫生健康局")
    page.click("button:has-text('交办所选意见建议')")
    text = flashed(page, "已交办 1 条意见建议。")
    assert "本次会议的意见建议均已交办。" in text
    page.click(f"main a:has-text('{MEETING}')")
    page.click(f"#opinions a:has-text('{TITLE}')")
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    handling = page.inner_text("section[id^=assignments-]")
    assert "云溪区卫生健康局 会办 · 主办单位" in handling
    assert "云溪区财政局 会办 · 协办单位" in handling
    sign_out(page)

    # 3a. The co-handler sends its input to the lead department.
    sign_in(page, base, "caizheng")
    page.wait_for_url(f"{base}/inbox/")  # a department lands in its inbox
    page.click("nav >> text=我的交办")
    page.wait_for_url(f"{base}/inbox/")
    page.click(f"main table a:has-text('{TITLE}')")
    page.wait_for_selector("form[action$='/reply']")
    page.fill("form[action$='/reply'] textarea[name=text]", INPUT)
    page.click("form[action$='/reply'] button[value=submit]")
    flashed(page, "会办意见已送主办单位。")
    sign_out(page)

    # 3b. The lead department writes its reply, adds a commitment, and submits.
    sign_in(page, base, "weijian")
    page.wait_for_url(f"{base}/inbox/")  # a department lands in its inbox
    page.click("nav >> text=我的交办")
    page.wait_for_url(f"{base}/inbox/")
    assert TITLE in page.inner_text("main table")
    page.click(f"main table a:has-text('{TITLE}')")
    page.wait_for_selector("form[action$='/reply']")
    text = main_text(page)
    assert INPUT in text  # the co-handler's input is there to build on
    for suggestion in SUGGESTIONS:
        assert suggestion in text
    reply_form = page.locator("form[action$='/reply']")
    reply_form.locator("select[name=category]").select_option("B")
    reply_form.locator("select[name=channel]").select_option("written")
    reply_form.locator("select[name=contact_method]").select_option("phone")
    reply_form.locator("textarea[name=text]").fill(FIRST_REPLY)
    reply_form.locator("button[value=save]").click()
    flashed(page, "草稿已保存。")
    commitment_form = page.locator("form[action$='/commitments']")
    commitment_form.locator("textarea[name='commitment-text']").fill(COMMITMENT)
    commitment_form.locator("input[name='commitment-due_date']").fill(due)
    commitment_form.locator("button[type=submit]").click()
    flashed(page, "已添加承诺事项。")
    assert COMMITMENT in page.inner_text("main")
    page.click("form[action$='/reply'] button[value=submit]")
    text = flashed(page, "答复已提交。")
    assert FIRST_REPLY in text and COMMITMENT in text
    sign_out(page)

    # 4a. The member reads the reply on their opinion's page, then rates it from the list
    # of replies to rate: not satisfied, so the assignment reopens for a second reply.
    sign_in(page, base, "wangzhe")
    page.wait_for_url(f"{base}/replies/to-rate")  # a reply waits: rate it
    page.click("nav >> text=我的意见建议")
    page.click(f"main a:has-text('{TITLE}')")
    page.wait_for_selector(f"h1:has-text('{TITLE}')")
    handling = page.inner_text("section[id^=assignments-]")
    assert "云溪区卫生健康局" in handling and FIRST_REPLY in handling
    # 会办: the lead sends the one reply; the co-handler's input is for the lead only.
    # Checked at the end, so the rest of the story still runs if it shows.
    member_sees_input = INPUT in handling
    page.click("nav >> text=待测评答复")
    page.wait_for_url(f"{base}/replies/to-rate")
    assert TITLE in main_text(page)
    page.click(f"tr:has-text('{TITLE}') >> text=阅看并测评")
    page.wait_for_selector("form[action$='/rating']")
    text = main_text(page)
    assert FIRST_REPLY in text and COMMITMENT in text and "云溪区卫生健康局" in text
    page.check("input[name=value][value=unsatisfied]")
    page.fill("textarea[name=comment]", UNSATISFIED)
    page.click("form[action$='/rating'] button[type=submit]")
    text = flashed(page, "感谢您的测评，已记录。")
    assert UNSATISFIED in text
    sign_out(page)

    # 3c. The lead department sees the reopened assignment and replies again.
    sign_in(page, base, "weijian")
    page.wait_for_url(f"{base}/inbox/")  # a department lands in its inbox
    page.click("nav >> text=我的交办")
    page.wait_for_url(f"{base}/inbox/")
    page.click(f"main table a:has-text('{TITLE}')")
    page.wait_for_selector("form[action$='/reply']")
    text = main_text(page)
    assert "答复（第2轮）" in text
    assert UNSATISFIED in text  # the member's reason is shown with the first round
    reply_form = page.locator("form[action$='/reply']")
    reply_form.locator("select[name=category]").select_option("A")
    reply_form.locator("select[name=contact_method]").select_option("in_person")
    reply_form.locator("textarea[name=text]").fill(SECOND_REPLY)
    reply_form.locator("button[value=submit]").click()
    flashed(page, "答复已提交。")
    sign_out(page)

    # 4b. The member rates the second reply satisfied.
    sign_in(page, base, "wangzhe")
    page.wait_for_url(f"{base}/replies/to-rate")  # a reply waits: rate it
    page.click("nav >> text=待测评答复")
    page.wait_for_url(f"{base}/replies/to-rate")
    assert "第2轮答复" in main_text(page)
    page.click(f"tr:has-text('{TITLE}') >> text=阅看并测评")
    page.wait_for_selector("form[action$='/rating']")
    assert SECOND_REPLY in main_text(page)
    page.check("input[name=value][value=satisfied]")
    page.click("form[action$='/rating'] button[type=submit]")
    flashed(page, "感谢您的测评，已记录。")
    page.click("nav >> text=待测评答复")
    page.wait_for_url(f"{base}/replies/to-rate")
    assert "暂无待测评的答复。" in main_text(page)
    sign_out(page)

    # 5a. The secretariat checks the follow-up board for the meeting.
    sign_in(page, base, "mishu")
    page.wait_for_url(f"{base}/meetings/")
    open_meeting(page, base)
    page.click("#opinions >> text=跟踪督办")
    page.wait_for_url(f"{base}/board/?meeting={meeting_id}")
    # Rated satisfied, but the commitment is still to be carried out: in follow-up.
    assert "跟踪落实中" in page.inner_text(f"main tr:has-text('{TITLE}')")
    sign_out(page)

    # 5b. The chair records a consensus point linked to the opinion and closes the meeting
    # (办结); rescheduling or cancelling stays with the secretariat.
    sign_in(page, base, "zhuxi")
    page.wait_for_url(f"{base}/meetings/")
    open_meeting(page, base)
    status_box = page.inner_text("form[action$='/status']")
    assert "取消" not in status_box
    consensus = page.locator("form[action$='/consensus']")
    consensus.locator("textarea[name=text]").fill(CONSENSUS)
    consensus.get_by_label(f"王喆：{TITLE}").check()
    consensus.locator("button[type=submit]").click()
    flashed(page, "已记录共识。")
    point = page.inner_text("#consensus .consensus-point")
    assert CONSENSUS in point and TITLE in point
    page.click("form[action$='/status'] button:has-text('办结')")
    text = flashed(page, "会议状态已改为“已办结”。")
    assert "已办结" in page.inner_text("h1 .status-badge")
    assert "本次会议状态为“已办结”，会议记录不能再修改。" in text
    assert "已截止征集意见" in text  # closing ends the opinion window
    assert "记录共识" not in text
    sign_out(page)

    # 6. Follow-up goes on after the meeting: the department carries out its commitment,
    # which completes the handling of the opinion.
    sign_in(page, base, "weijian")
    page.wait_for_url(f"{base}/inbox/")  # a department lands in its inbox
    page.click("nav >> text=我的交办")
    page.wait_for_url(f"{base}/inbox/")
    page.click("main a:has-text('承诺事项')")
    page.wait_for_url(f"{base}/commitments/")
    page.click(f"main a:has-text('{COMMITMENT}')")
    progress = page.locator("form[action$='/progress']")
    progress.locator("input[name=percent]").fill("100")
    progress.locator("textarea[name=note]").fill(PROGRESS)
    progress.locator("button[type=submit]").click()
    text = flashed(page, "进展已报送。")
    assert PROGRESS in text and "100%" in text
    sign_out(page)

    sign_in(page, base, "mishu")
    page.wait_for_url(f"{base}/meetings/")
    page.click("nav >> text=跟踪督办")
    page.wait_for_url(f"{base}/board/")
    assert "办结" in page.inner_text(f"main tr:has-text('{TITLE}')")

    with live_app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.status == MeetingStatus.CLOSED and not meeting.opinions_open
        opinion = db.session.scalar(select(Opinion).where(Opinion.meeting_id == meeting_id))
        assert opinion.title == TITLE and opinion.speaker.name == "王喆"
        assert [s.text for s in opinion.suggestions] == SUGGESTIONS
        by_role = {a.role: a for a in opinion.assignments}
        assert {a.mode for a in opinion.assignments} == {HandlingMode.JOINT}
        lead, co = by_role[AssignmentRole.LEAD], by_role[AssignmentRole.CO]
        assert lead.department.name == "云溪区卫生健康局"
        assert co.department.name == "云溪区财政局"
        # Rated satisfied and its commitment carried out: the handling is complete.
        assert lead.status == AssignmentStatus.DONE
        (co_input,) = co.replies
        assert co_input.purpose == ReplyPurpose.INPUT and co_input.text == INPUT
        first, second = sorted(lead.replies, key=lambda r: r.round)
        assert [first.round, second.round] == [1, 2]
        assert first.status == second.status == ReplyStatus.SUBMITTED
        assert first.text == FIRST_REPLY and first.category.value == "B"
        (commitment,) = first.commitments
        assert (commitment.text, commitment.due_date.isoformat()) == (COMMITMENT, due)
        assert commitment.status == CommitmentStatus.DONE
        assert [(u.percent, u.note) for u in commitment.updates] == [(100, PROGRESS)]
        assert first.rating.value == RatingValue.UNSATISFIED
        assert first.rating.comment == UNSATISFIED
        assert second.text == SECOND_REPLY and second.category.value == "A"
        assert second.rating.value == RatingValue.SATISFIED
        (point,) = db.session.scalars(
            select(ConsensusPoint).where(ConsensusPoint.meeting_id == meeting_id)
        )
        assert point.text == CONSENSUS and [o.id for o in point.opinions] == [opinion.id]

    assert not member_sees_input, "the member sees the co-handler's input to the lead"
