"""Issue 3 in a real browser: a department user sees only their department's items."""

from extensions import db
from tests import factories
from tests.browser.conftest import sign_in


def test_department_user_sees_only_own_department(live_app, live_server, page):
    with live_app.app_context():
        health = factories.make_department("云溪区卫生健康局")
        finance = factories.make_department("云溪区财政局")
        health_head = factories.make_participant("黄立群", kind="official", department=health)
        finance_head = factories.make_participant("吴海峰", kind="official", department=finance)
        ours = factories.make_meeting("托育服务协商会", status="scheduled")
        theirs = factories.make_meeting("财政预算协商会", status="scheduled")
        factories.make_invitation(ours, health_head, role="responder")
        factories.make_invitation(theirs, finance_head, role="responder")
        factories.make_user("weijian", role="department", department=health)
        db.session.commit()
        theirs_id, finance_id = theirs.id, finance.id

    sign_in(page, live_server, "weijian")
    page.wait_for_url(f"{live_server}/inbox/")  # a department lands in its inbox
    page.click("nav >> text=会议")
    page.wait_for_url(f"{live_server}/meetings/")
    listing = page.inner_text("main")
    assert "托育服务协商会" in listing
    assert "财政预算协商会" not in listing

    nav = page.inner_text("nav")
    assert "参会人员" not in nav and "用户管理" not in nav and "审计日志" not in nav

    response = page.goto(f"{live_server}/meetings/{theirs_id}")
    assert response.status == 404
    response = page.goto(f"{live_server}/departments/{finance_id}")
    assert response.status == 404
    response = page.goto(f"{live_server}/participants/")
    assert response.status == 403
