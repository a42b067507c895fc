"""Issue 14's story in Chromium: a city adds a district, the district runs its own meeting.

The city's secretariat adds 东区 with its first secretariat account on the committees
page; that account schedules a meeting, holds it and prints its minutes: the PDF carries
东区's own issuing body and its own numbering (第1期, while the sibling 西区 is at its fifth).
西区's secretariat cannot find the meeting anywhere: not by URL, not in the meeting list,
not in search.
"""

import subprocess
from datetime import datetime, timedelta

from sqlalchemy import select

from committees.current import working_in
from extensions import db
from meetings.models import Meeting
from office.services import get_settings, set_next_number
from tests import factories
from tests.browser.conftest import sign_in

TITLE = "东区老旧小区改造协商会"
PASSWORD = "Dongqu-Pass-2030!"


def pdf_text(page, url: str, tmp_path) -> str:
    response = page.request.get(url)
    assert response.status == 200, url
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_a_city_adds_a_district_that_prints_its_own_minutes(live_app, live_server, page, tmp_path):
    base = live_server
    page.on("dialog", lambda dialog: dialog.accept())
    with live_app.app_context():
        city = factories.make_committee("样例市", level="city", name="政协样例市委员会")
        west = factories.make_committee("西区", parent=city, name="政协西区委员会")
        factories.make_user("city-sec", role="secretariat", committee_id=city.id)
        with working_in(west.id):
            factories.make_user("xiqu-mishu", role="secretariat")
            get_settings(west.id).issuing_body = "政协西区委员会"
            set_next_number("minutes", 5, west.id)
        db.session.commit()
        west_id = west.id

    # The city adds 东区 and its first secretariat account.
    sign_in(page, base, "city-sec")
    page.goto(f"{base}/committees/")
    page.fill("input[name=name]", "政协东区委员会")
    page.fill("input[name=short_name]", "东区")
    page.fill("input[name=username]", "dongqu-mishu")
    page.fill("input[name=display_name]", "东区政协秘书处")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.locator(".alert-success").first.wait_for()
    assert "东区" in page.inner_text("main table")
    page.context.clear_cookies()  # signed out: the next account signs in afresh

    # 东区's secretariat schedules its meeting, holds it and prints the minutes.
    sign_in(page, base, "dongqu-mishu", PASSWORD)
    page.goto(f"{base}/participants/new")  # its own directory starts empty: its chair first
    page.fill("input[name=name]", "周东平")
    page.select_option("select[name=kind]", "member")
    page.click("main form button[type=submit]")
    page.locator(".alert-success").first.wait_for()
    page.goto(f"{base}/meetings/new")
    chair = page.locator("select[name=chair_id] option", has_text="周东平").get_attribute("value")
    starts = (datetime.now() - timedelta(days=1)).replace(hour=9, minute=0, second=0)
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=venue]", "东区政协会议室")
    page.select_option("select[name=chair_id]", chair)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/meetings/*")
    meeting_id = int(page.url.rstrip("/").split("/")[-1])
    for status in ("scheduled", "held"):
        page.locator(
            f"form[action$='/status']:has(input[name=status][value={status}]) button"
        ).click()
        page.locator(".alert-success").first.wait_for()
    draft = pdf_text(page, f"{base}/meetings/{meeting_id}/minutes.pdf", tmp_path)
    assert "政协东区委员会" in draft and "政协西区委员会" not in draft
    page.goto(f"{base}/meetings/{meeting_id}")
    page.locator("form[action$='/minutes/finalise'] button").click()
    page.locator(".alert-success").first.wait_for()
    final = pdf_text(page, f"{base}/meetings/{meeting_id}/minutes/v1.pdf", tmp_path)
    assert "政协东区委员会" in final and "第1期" in final
    with live_app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.issue_number == 1  # 东区's own first, though 西区 is at its fifth
        east = meeting.committee_id
        assert east != west_id
    page.context.clear_cookies()

    # 西区's secretariat finds it nowhere.
    sign_in(page, base, "xiqu-mishu")
    assert page.goto(f"{base}/meetings/{meeting_id}").status == 404
    page.goto(f"{base}/meetings/")
    assert TITLE not in page.inner_text("main")
    page.goto(f"{base}/search/?q=老旧小区")
    assert TITLE not in page.inner_text("main")
    assert page.goto(f"{base}/meetings/{meeting_id}/minutes/v1.pdf").status == 404
    with live_app.app_context():
        assert db.session.scalar(select(Meeting.committee_id).where(Meeting.title == TITLE)) == east
