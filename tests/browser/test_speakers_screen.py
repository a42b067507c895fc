"""The hall screen in a real browser: its countdown runs and it follows the speakers list
without ever reloading (it polls /meetings/<id>/speakers/state)."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from extensions import db
from meetings import services
from meetings.models import InvitationRole, Meeting
from speakers import services as speakers
from speakers.models import SpeakerSlot
from tests import factories
from tests.browser.conftest import sign_in

TIMER = re.compile(r"^-?\d\d:\d\d$")


def seconds(timer_text: str) -> int:
    sign = -1 if timer_text.startswith("-") else 1
    minutes, secs = timer_text.lstrip("-").split(":")
    return sign * (int(minutes) * 60 + int(secs))


def test_screen_counts_down_and_follows_the_list_without_reload(live_app, live_server, page):
    with live_app.app_context():
        factories.make_user("secretariat", role="secretariat")
        meeting = factories.make_meeting("完善婴幼儿照护服务协商会", status="scheduled")
        services.set_chair(meeting, factories.make_participant("林主席", kind="member"))
        for name, kind, affiliation in (
            ("王喆", "member", "区政协委员"),
            ("许𠮷安", "citizen", "幼儿家长"),
            ("李堃", "agency", "阳光托育园"),
        ):
            person = factories.make_participant(name, kind=kind, affiliation=affiliation)
            factories.make_invitation(meeting, person, role=InvitationRole.SPEAKER)
        db.session.commit()
        meeting_id = meeting.id
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else external.append(r.url))

    # The secretariat fills the list and gives the floor to the first speaker.
    sign_in(page, live_server, "secretariat")
    page.wait_for_url(f"{live_server}/meetings/")
    page.goto(f"{live_server}/meetings/{meeting_id}/speakers")
    page.click("form[action$='/speakers/fill'] button")
    page.wait_for_load_state()
    assert "新增发言人 3 人" in page.inner_text("main")
    page.click("#current-speaker form[action$='/speakers/next'] button")
    page.wait_for_load_state()
    assert "李堃" in page.inner_text("#current-speaker")
    managed = page.locator("[data-countdown]")
    before = managed.inner_text()
    page.wait_for_timeout(2200)
    assert seconds(managed.inner_text()) < seconds(before) <= 300

    # The hall screen, in its own tab, shows the speaker and a running countdown.
    screen = page.context.new_page()
    screen.on(
        "request", lambda r: None if r.url.startswith(live_server) else external.append(r.url)
    )
    screen.goto(f"{live_server}/meetings/{meeting_id}/screen")
    screen.evaluate("window.__sameDocument = true")
    assert screen.locator("nav").count() == 0
    assert screen.inner_text("#screen-name") == "李堃"
    assert "阳光托育园" in screen.inner_text("#screen-affiliation")
    assert "许𠮷安" in screen.inner_text("#screen-next")
    first = screen.inner_text("#screen-countdown")
    assert TIMER.match(first) and 280 < seconds(first) <= 300
    screen.wait_for_timeout(2600)
    later = screen.inner_text("#screen-countdown")
    assert 2 <= seconds(first) - seconds(later) <= 4

    # The secretariat calls the next speaker in the other tab: the screen follows.
    page.click("#current-speaker form[action$='/speakers/next'] button")
    page.wait_for_load_state()
    # expect(), not wait_for_function: the page's CSP forbids the eval the latter needs.
    expect(screen.locator("#screen-name")).to_have_text("许𠮷安", timeout=5000)
    assert "幼儿家长" in screen.inner_text("#screen-affiliation")
    assert "李堃" not in screen.inner_text("#screen-next")

    # Over time (as if the speech had started six minutes ago): the timer goes negative, red.
    with live_app.app_context():
        slot = db.session.scalar(select(SpeakerSlot).where(SpeakerSlot.status == "speaking"))
        slot.started_at = slot.started_at - timedelta(minutes=6)
        db.session.commit()
    expect(screen.locator("#screen-countdown")).to_have_text(re.compile(r"^-"), timeout=5000)
    assert "countdown-overtime" in screen.get_attribute("#screen-countdown", "class")
    colour = screen.evaluate(
        "getComputedStyle(document.getElementById('screen-countdown')).backgroundColor"
    )
    assert colour == "rgb(220, 53, 69)"
    page.wait_for_timeout(3500)  # the management page has polled: nothing moved, no notice
    assert page.is_hidden("#speakers-stale")

    # Ending the speech leaves the screen waiting, still the same document.
    with live_app.app_context():
        speakers.stop_current(db.session.get(Meeting, meeting_id))
        db.session.commit()
    screen.wait_for_selector("#screen-idle:not([hidden])", timeout=5000)
    assert screen.is_hidden("#screen-speaker")
    assert screen.evaluate("window.__sameDocument") is True
    # The management page left open in the other tab notices the list moved on without it.
    page.wait_for_selector("#speakers-stale:not([hidden])", timeout=8000)
    assert external == []
