"""Every page works under the Content-Security-Policy (issue 12).

Chromium loads the demo's pages as the secretariat and fails on any CSP violation, console
error or script exception; the policy really is enforced (an injected inline script does
not run); confirm prompts moved out of inline handlers still guard their forms.
"""

from urllib.parse import urljoin, urlsplit

from demo.loader import load_demo
from extensions import db
from meetings.models import AgendaItem
from tests import factories
from tests.browser.conftest import sign_in

DEMO_PASSWORD = "xst-demo-2026"
MAX_PAGES = 45
SKIP = ("/logout", "/lang/", "/static/", "/favicon")
# Pages whose scripts do something on load: always visited.
MUST = ("/speakers", "/screen", "/invitations")

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        if url.startswith(base) and not any(s in urlsplit(url).path for s in SKIP):
            links.append(url)
    return links


def is_page(page, url: str) -> bool:
    response = page.request.get(url, max_redirects=0)
    return response.status == 200 and "text/html" in response.headers.get("content-type", "")


def test_demo_pages_raise_no_csp_violation(live_app, live_server, page):
    with live_app.app_context():
        meeting = load_demo()
        db.session.commit()
        meeting_url = f"{live_server}/meetings/{meeting.id}"
    problems = watch(page)
    sign_in(page, live_server, "mishu", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server}/meetings/")
    queue = [f"{meeting_url}{suffix}" for suffix in ("", "/speakers", "/screen", "/invitations")]
    queue.append(f"{live_server}/meetings/")
    seen: set[str] = set()
    visited = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if not is_page(page, url):
            continue
        page.goto(url)
        page.wait_for_load_state("networkidle")
        visited.append(url)
        violations = page.evaluate("window.__csp")
        assert violations == [], f"{url}: {violations}"
        assert problems == [], f"{url}: {problems}"
        queue.extend(link for link in same_site_links(page, live_server) if link not in seen)
    assert len(visited) >= 25, visited
    assert all(any(m in url for url in visited) for m in MUST)


def test_the_policy_blocks_an_injected_inline_script(live_app, live_server, page):
    with live_app.app_context():
        factories.make_user("secretariat", role="secretariat")
        db.session.commit()
    watch(page)
    sign_in(page, live_server, "secretariat")
    page.wait_for_url(f"{live_server}/meetings/")
    page.evaluate(
        """() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
        const b = document.createElement('button');
        b.setAttribute('onclick', 'window.__clicked = true');
        document.body.appendChild(b);
        b.click();
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__clicked") is None
    violations = page.evaluate("window.__csp")
    assert len(violations) == 2 and all(v.startswith("script-src") for v in violations)


def test_a_confirm_prompt_still_guards_its_form(live_app, live_server, page):
    with live_app.app_context():
        factories.make_user("secretariat", role="secretariat")
        meeting = factories.make_meeting("托育服务协商会")
        item = factories.make_agenda_item(meeting)
        db.session.commit()
        meeting_id, item_id = meeting.id, item.id
    problems = watch(page)
    sign_in(page, live_server, "secretariat")
    page.wait_for_url(f"{live_server}/meetings/")
    page.goto(f"{live_server}/meetings/{meeting_id}")
    remove = page.locator(f"form[action$='/agenda/{item_id}/delete'] button")
    questions = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    remove.click()
    page.wait_for_timeout(300)
    with live_app.app_context():
        assert db.session.get(AgendaItem, item_id) is not None  # dismissed: nothing sent
    page.once("dialog", lambda d: answer(d, True))
    with page.expect_navigation():
        remove.click()
    with live_app.app_context():
        assert db.session.get(AgendaItem, item_id) is None
    assert questions == ["确定删除这项议程吗？"] * 2
    assert problems == []
