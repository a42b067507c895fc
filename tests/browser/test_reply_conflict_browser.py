"""In a real browser with CSRF on: two liaisons edit one reply; the second sees both texts.

Then the department submits with a commitment and the member rates it. Uses the browser
fixtures of tests/browser (system Chromium, app served on loopback).
"""

from datetime import date

from extensions import db
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import make_assignment, make_opinion


def test_concurrent_edit_then_submit_and_rate(live_app, live_server, browser, page):
    with live_app.app_context():
        health = factories.make_department("云溪区卫生健康局")
        speaker = factories.make_participant("冯晓珺", kind="member")
        meeting = factories.make_meeting("托育服务协商会", status="held")
        opinion = make_opinion(meeting, speaker, title="关于延长托育机构服务时间的建议")
        assignment = make_assignment(opinion, health, due_date=date(2099, 1, 1))
        factories.make_user("weijian1", role="department", department=health)
        factories.make_user("weijian2", role="department", department=health)
        factories.make_user("fengxj", role="member", participant=speaker)
        db.session.commit()
        url = f"{live_server}/inbox/{assignment.id}"

    sign_in(page, live_server, "weijian1")
    page.goto(f"{live_server}/inbox/")
    page.click("text=关于延长托育机构服务时间的建议")
    page.fill("textarea[name=text]", "初稿：试点弹性托育。")
    page.click("button[value=save]")
    assert "草稿已保存" in page.inner_text("main")

    other = browser.new_context(locale="zh-CN").new_page()
    sign_in(other, live_server, "weijian2")
    other.goto(url)  # both now hold version 1
    page.goto(url)
    page.fill("textarea[name=text]", "甲：增设延时托育班。")
    page.select_option("select[name=category]", "B")
    page.select_option("select[name=contact_method]", "phone")
    page.click("button[value=save]")
    other.fill("textarea[name=text]", "乙：给予延时服务补贴。")
    other.click("button[value=save]")
    main = other.inner_text("main")
    assert "他人已保存" in main and "甲：增设延时托育班。" in main
    assert other.input_value("textarea[name=text]") == "乙：给予延时服务补贴。"
    # Merge and save on top of the saved version, then submit with a commitment.
    other.fill("textarea[name=text]", "甲乙合并：增设延时托育班，并给予补贴。")
    other.select_option("select[name=category]", "B")
    other.select_option("select[name=contact_method]", "phone")
    other.click("button[value=save]")
    assert "草稿已保存" in other.inner_text("main")
    other.fill("textarea[name=commitment-text]", "年底前每个街道开设1个延时托育班")
    other.fill("input[name=commitment-due_date]", "2099-06-30")
    other.click("text=添加承诺事项")
    assert "已添加承诺事项" in other.inner_text("main")
    other.click("button[value=submit]")
    assert "答复已提交" in other.inner_text("main")
    other.context.close()

    page.context.clear_cookies()  # sign out
    sign_in(page, live_server, "fengxj")
    page.goto(f"{live_server}/replies/to-rate")
    page.click("text=阅看并测评")
    assert "甲乙合并" in page.inner_text("main")
    page.check("input[value=unsatisfied]")
    page.fill("textarea[name=comment]", "希望明确补贴标准。")
    page.click("text=提交测评")
    assert "感谢您的测评" in page.inner_text("main")
