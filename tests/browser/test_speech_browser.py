"""In a real browser (CSRF on): paste a one-line speech, remove and add suggestion boxes,
save, and find the opinion with its suggestions and assignment."""

import os

from extensions import db
from meetings.models import InvitationRole
from opinions.models import Opinion
from responses.models import Assignment
from tests import factories
from tests.browser.conftest import sign_in

SPEECH = (
    "关于完善社区助餐服务的建议 老年助餐点覆盖不足，部分点位经营困难。"
    "为此建议：一是新建社区长者食堂，由区民政局统筹；二是给予运营补贴；三是引入社会力量。"
)


def test_import_a_speech_in_the_browser(live_app, live_server, page):
    with live_app.app_context():
        meeting = factories.make_meeting("社区养老协商会", status="scheduled", opinions_open=True)
        speaker = factories.make_participant("严委员", kind="member")
        factories.make_invitation(meeting, speaker, role=InvitationRole.SPEAKER)
        factories.make_department("区民政局", short_name="民政局")
        factories.make_department("区财政局")
        factories.make_user("secretariat", role="secretariat")
        db.session.commit()
        meeting_id, speaker_id = meeting.id, speaker.id

    sign_in(page, live_server, "secretariat")
    page.goto(f"{live_server}/meetings/{meeting_id}/opinions/import")
    page.fill("textarea[name=text]", SPEECH)
    page.click("button[type=submit].btn-primary")
    assert page.input_value("input[name=title]") == "关于完善社区助餐服务的建议"
    boxes = page.locator("#speech-suggestions textarea[name=suggestion]")
    assert boxes.count() == 3
    assert page.locator("#speech-suggestions .speech-marker").nth(2).inner_text() == "三是"
    page.locator("#speech-suggestions .speech-remove").nth(2).click()  # drop the third
    page.click("#speech-add")
    boxes.nth(2).fill("建立助餐服务质量评价机制")
    assert page.locator("#speech-suggestions .speech-marker").nth(2).inner_text() == "三是"
    assert page.is_checked("text=区民政局 >> xpath=preceding-sibling::input")
    if shot := os.environ.get("SPEECH_SCREENSHOT"):
        page.screenshot(path=shot, full_page=True)
    page.select_option("select[name=speaker_id]", str(speaker_id))
    page.click("button[type=submit].btn-primary")
    page.wait_for_url("**/opinions/*")
    assert "建立助餐服务质量评价机制" in page.content()

    with live_app.app_context():
        opinion = db.session.query(Opinion).one()
        assert [s.text for s in opinion.suggestions] == [
            "新建社区长者食堂，由区民政局统筹",
            "给予运营补贴",
            "建立助餐服务质量评价机制",
        ]
        assert [a.department.name for a in db.session.query(Assignment)] == ["区民政局"]
