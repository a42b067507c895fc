"""Issue 6 in a real browser: the secretariat searches the demo and follows a hit."""

import re

from audit.services import acting_as
from demo import data
from demo.loader import load_demo
from extensions import db
from tests.browser.conftest import sign_in


def test_search_finds_a_demo_opinion_highlighted_and_follows_it(live_app, live_server, page):
    with live_app.app_context(), acting_as("demo"):
        load_demo()
        db.session.commit()

    sign_in(page, live_server, "mishu", data.DEMO_PASSWORD)
    page.wait_for_url(f"{live_server}/meetings/")
    # The box in the navigation bar, on every page.
    page.fill("nav input[name=q]", "补贴")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("li.search-hit mark").count() > 0
    # Refined on the search page's own form.
    page.fill("#search-q", "运营补贴")
    page.click("#search-form button[type=submit]")
    page.wait_for_url(re.compile(r"/search/\?q=%E8%BF%90"))

    first = page.locator("li.search-hit").first
    assert first.locator("mark").first.inner_text() == "运营补贴"
    hit = page.locator("li.search-hit[data-kind=opinion]", has_text="运营补贴").first
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r"/meetings/\d+/opinions/\d+$"))
    assert "建立普惠托育机构运营补贴长效机制" in page.inner_text("main")


def test_department_search_shows_only_its_own(live_app, live_server, page):
    with live_app.app_context(), acting_as("demo"):
        load_demo()
        db.session.commit()

    sign_in(page, live_server, "jiaoyu", data.DEMO_PASSWORD)
    page.goto(f"{live_server}/search/?q=托育")
    assert page.locator("#search-count").is_visible()
    links = page.locator("li.search-hit a").all()
    assert links, "the education bureau handles demo opinions about childcare"
    for link in links:
        response = page.request.get(live_server + link.get_attribute("href"))
        assert response.status == 200  # every hit is one it may open
