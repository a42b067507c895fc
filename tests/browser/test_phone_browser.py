"""Phones (390 px wide): the department inbox as cards whose titles keep a readable line,
a member's "submit an opinion" above the fold, and a favicon that is served."""

import pytest

from tests import factories
from tests.phones import world

PHONE = {"width": 390, "height": 844}  # a common phone's CSS viewport


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        return world.build()


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_inbox_titles_read_as_lines_on_a_phone(live_server, phone, demo):
    sign_in(phone, live_server, "weijian")
    phone.goto(f"{live_server}/inbox/")
    titles = phone.locator("#inbox-table td.card-title-cell a")
    assert titles.count() >= 3
    # Each title: its characters over its line boxes (an inline link has one rect per line).
    measured = titles.evaluate_all(
        """links => links.map(a => ({
            text: a.textContent.trim(),
            lines: a.getClientRects().length,
            width: a.parentElement.getBoundingClientRect().width,
        }))"""
    )
    for title in measured:
        per_line = len(title["text"]) / title["lines"]
        assert per_line >= 10, title
        assert title["width"] >= 300, title  # the title cell spans the card
    # No sideways scrolling: the page is as wide as the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The other columns keep their names in front of the value.
    due = phone.locator("#inbox-table td[data-label]").first
    label = due.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"').endswith("：")


def test_inbox_stays_a_table_on_a_desktop(live_server, page, demo):
    sign_in(page, live_server, "weijian")
    page.goto(f"{live_server}/inbox/")
    assert page.locator("#inbox-table thead").is_visible()
    display = page.locator("#inbox-table tbody tr").first.evaluate(
        "tr => getComputedStyle(tr).display"
    )
    assert display == "table-row"


def test_member_submit_button_is_above_the_fold(live_server, phone, demo):
    sign_in(phone, live_server, "wangzhe")
    phone.goto(f"{live_server}/meetings/{demo['meeting']}")
    button = phone.locator("#member-submit-top")
    assert button.is_visible() and button.inner_text().strip() == "提交意见建议"
    box = button.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    button.click()
    phone.wait_for_url(f"{live_server}/meetings/{demo['meeting']}/opinions/new")


def test_favicon_is_served(live_server, phone):
    response = phone.request.get(f"{live_server}/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    phone.goto(f"{live_server}/login")
    icon = phone.locator("link[rel=icon]").get_attribute("href")
    svg = phone.request.get(f"{live_server}{icon}")
    assert svg.status == 200 and b"<svg" in svg.body()
