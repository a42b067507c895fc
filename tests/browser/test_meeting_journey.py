"""Issue 2's journey in a real browser: a secretariat creates a meeting, invites members by
sector and one person through the picker on the invitations page, schedules it, and finds it in
the upcoming list."""

from datetime import datetime, timedelta

from sqlalchemy import select

from extensions import db
from meetings.models import Meeting, MeetingStatus
from tests import factories
from tests.browser.conftest import sign_in


def test_secretariat_creates_invites_by_sector_and_schedules(live_app, live_server, page):
    with live_app.app_context():
        factories.make_user("secretariat", role="secretariat")
        chair = factories.make_participant("林振声", kind="member", sector="中国共产党")
        factories.make_participant("王喆", kind="member", sector="医药卫生界")
        factories.make_participant("许𠮷安", kind="member", sector="医药卫生界")
        factories.make_participant("李堃", kind="member", sector="经济界")
        db.session.commit()
        chair_id = chair.id

    sign_in(page, live_server, "secretariat")
    page.wait_for_url(f"{live_server}/meetings/")
    page.click("text=新建会议")

    starts = (datetime.now() + timedelta(days=10)).replace(hour=14, minute=30, second=0)
    page.fill("input[name=title]", "社区养老服务协商会")
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=venue]", "区政协三楼会议室")
    page.select_option("select[name=chair_id]", str(chair_id))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server}/meetings/*")
    assert "社区养老服务协商会" in page.inner_text("h1")

    # Invitations are managed on their own page, linked from the meeting page.
    page.click("main a:has-text('管理邀请')")
    page.wait_for_url(f"{live_server}/meetings/*/invitations")
    bulk = page.locator("form[action$='/invitations/bulk']")
    bulk.locator("select[name=sector]").select_option("医药卫生界")
    bulk.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server}/meetings/*/invitations")
    assert "新邀请 2 人" in page.inner_text("main")
    invited = " ".join(page.locator("main table").all_inner_texts())
    assert "王喆" in invited and "许𠮷安" in invited and "李堃" not in invited

    # The person picker asks the server as one types (no list of the whole directory).
    page.fill("#who", "李")
    page.locator("#who-suggestions button:has-text('李堃')").click()
    page.wait_for_url(f"{live_server}/meetings/*/invitations")
    assert "已邀请李堃" in page.inner_text("main")
    assert "李堃" in " ".join(page.locator("main table").all_inner_texts())

    page.click("main a:has-text('社区养老服务协商会')")
    page.wait_for_url(f"{live_server}/meetings/*")
    assert "王喆" in page.inner_text("main")
    page.click("form[action$='/status'] button:has-text('排期')")
    page.wait_for_load_state()
    assert "已排期" in page.inner_text("main")

    page.click("nav >> text=会议")
    page.wait_for_url(f"{live_server}/meetings/")
    upcoming = page.inner_text("table")
    assert "社区养老服务协商会" in upcoming

    with live_app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == "社区养老服务协商会"))
        assert meeting.status == MeetingStatus.SCHEDULED
        assert {inv.participant.name for inv in meeting.invitations} == {
            "林振声",
            "王喆",
            "许𠮷安",
            "李堃",
        }
