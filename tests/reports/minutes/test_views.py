"""Routes of the documents: preview, PDF with ETag/304, who may see drafts and versions."""

import pytest

from extensions import db
from reports import documents
from tests.reports.minutes.conftest import set_opinion_title

DRAFT_URLS = [
    "/meetings/{id}/minutes",
    "/meetings/{id}/minutes.pdf",
    "/meetings/{id}/consensus-report",
    "/meetings/{id}/consensus-report.pdf",
]


def login(auth, username):
    assert auth.login(username).status_code == 302


@pytest.mark.parametrize("url", DRAFT_URLS)
@pytest.mark.parametrize("username", ["secretariat", "chair"])
def test_staff_preview_and_download_the_draft(client, auth, world, url, username):
    login(auth, username)
    response = client.get(url.format(id=world.meeting_id))
    assert response.status_code == 200
    assert response.headers["ETag"]
    if url.endswith(".pdf"):
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
        assert "attachment" in response.headers["Content-Disposition"]
    else:
        assert response.mimetype == "text/html"
        page = response.get_data(as_text=True)
        assert "推进医育结合" in page and "王喆" in page


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_member_and_department_never_see_drafts(client, auth, world, url):
    login(auth, "member")  # invited to the meeting: may see it, not the draft
    assert client.get(url.format(id=world.meeting_id)).status_code == 403
    assert client.get(url.format(id=world.other_meeting_id)).status_code == 404
    auth.logout()
    login(auth, "department")
    assert client.get(url.format(id=world.meeting_id)).status_code in (403, 404)


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_unknown_meeting_is_404_and_anonymous_goes_to_login(client, auth, world, url):
    assert client.get(url.format(id=world.meeting_id)).status_code == 302
    login(auth, "secretariat")
    assert client.get(url.format(id=999999)).status_code == 404
    assert client.get(url.format(id=2**40)).status_code == 404


@pytest.mark.parametrize("url", ["/meetings/{id}/minutes", "/meetings/{id}/minutes.pdf"])
def test_etag_gives_304_until_the_content_changes(client, auth, world, url):
    login(auth, "secretariat")
    url = url.format(id=world.meeting_id)
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    set_opinion_title(world.opinion_id, "推进医育结合（修改）")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_opinion_title_with_markup_is_printed_as_text(client, auth, world, tmp_path):
    evil = '<img src="file:///etc/passwd">托育'
    set_opinion_title(world.opinion_id, evil)
    login(auth, "secretariat")
    page = client.get(f"/meetings/{world.meeting_id}/minutes").get_data(as_text=True)
    assert "<img" not in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;托育" in page
    pdf = client.get(f"/meetings/{world.meeting_id}/minutes.pdf").data
    path = tmp_path / "evil.pdf"
    path.write_bytes(pdf)
    from tests.reports.minutes.conftest import pdftotext

    text = pdftotext(path)
    assert '<imgsrc="file:///etc/passwd">托育' in text
    assert "root:" not in text


def test_document_is_chinese_whatever_the_interface_language(client, auth, world):
    login(auth, "secretariat")
    client.get("/lang/en")
    page = client.get(f"/meetings/{world.meeting_id}/minutes").get_data(as_text=True)
    assert "“请你来协商”活动纪要" in page and "第7期" in page and "出席：" in page


def test_the_office_name_comes_from_the_settings_not_the_configuration(app, world):
    from meetings.models import Meeting
    from tests.reports.documents.conftest import configure_office

    meeting = db.session.get(Meeting, world.meeting_id)
    configure_office(
        issuing_body="政协白河县委员会", report_addressee="中共白河县委、白河县人民政府"
    )
    app.config["COMMITTEE_NAME"] = "政协别处委员会"  # the old setting is no longer read
    try:
        html = documents.render_document("consensus", meeting)
    finally:
        app.config.pop("COMMITTEE_NAME")
    assert "政协白河县委员会" in html and "中共白河县委、白河县人民政府：" in html
    assert "政协别处委员会" not in html


def test_meeting_page_shows_the_documents_card_by_role(client, auth, world):
    url = f"/meetings/{world.meeting_id}"
    login(auth, "secretariat")
    page = client.get(url).get_data(as_text=True)
    assert 'id="documents"' in page
    assert f"/meetings/{world.meeting_id}/minutes/finalise" in page
    assert f"/meetings/{world.meeting_id}/consensus-report.pdf" in page
    auth.logout()
    login(auth, "member")
    page = client.get(url).get_data(as_text=True)
    assert 'id="documents"' in page  # the finalised versions, once there are some
    assert "/minutes.pdf" not in page and "/finalise" not in page
    auth.logout()
    login(auth, "department")
    page = client.get(url)
    assert page.status_code in (200, 404)
    assert 'id="documents"' not in page.get_data(as_text=True)


def test_unknown_kind_is_refused(app, world):
    from meetings.models import Meeting

    with pytest.raises(ValueError):
        documents.render_document("tracking", db.session.get(Meeting, world.meeting_id))


def test_leader_statement_and_chair_summary_print_from_the_agenda(app, world):
    from meetings.models import Meeting
    from tests import factories

    meeting = db.session.get(Meeting, world.meeting_id)
    leader = factories.make_participant(
        "周启航", kind="official", affiliation="云溪区人民政府", title="副区长"
    )
    factories.make_agenda_item(
        meeting,
        kind="statement",
        title="副区长讲话",
        presenter=leader,
        text="要把托育服务纳入民生实事。\n各部门要抓好落实。",
    )
    db.session.commit()
    html = documents.render_document("minutes", meeting)
    assert "周启航（云溪区人民政府副区长）：</span>要把托育服务纳入民生实事。" in html
    assert "<p>各部门要抓好落实。</p>" in html
    assert html.index("委员协商发言") < html.index("主席总结") < html.index("副区长讲话")


def test_a_meeting_without_agenda_or_opinions_still_prints(app):
    from tests import factories
    from tests.reports.documents.conftest import configure_office

    configure_office()
    meeting = factories.make_meeting("空白协商会", status="held")
    db.session.commit()
    for kind in documents.KINDS:
        html = documents.render_document(kind, meeting)
        assert "空白协商会" in html and "None" not in html
