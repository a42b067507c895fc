"""A person signs in with a real browser; the page is Chinese and works offline."""

from extensions import db
from tests import factories
from tests.browser.conftest import sign_in


def test_sign_in_lands_on_meetings_with_local_assets_only(live_app, live_server, page):
    with live_app.app_context():
        factories.make_user("secretariat", role="secretariat", display_name="秘书处 周敏")
        db.session.commit()
    external = []
    page.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith(live_server) else None,
    )
    sign_in(page, live_server, "secretariat")
    page.wait_for_url(f"{live_server}/meetings/")
    assert "秘书处 周敏" in page.inner_text("nav")
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert external == []
