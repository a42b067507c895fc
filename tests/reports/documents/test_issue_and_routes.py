"""Issue numbers from the office's sequence, the consensus report's issue date, download
names that survive any title, and documents refused with a clear message — never a 500 —
while the office has no issuing body."""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from common.clock import today as office_today
from extensions import db
from meetings.models import Meeting
from office import services as office
from office.models import OfficeSettings
from participants.models import Participant
from reports import documents, finalise
from reports.models import Report
from tests import factories
from tests.reports.documents.conftest import ISSUING_BODY, meeting_of, pdftotext


def login(client, username="secretariat"):
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


def finalise_now(meeting, kind="minutes"):
    with finalise.file_guard() as written:
        result = finalise.finalise_document(kind, meeting, None, written)
        db.session.commit()
    return result


def test_finalising_takes_the_next_number_of_its_kind_and_keeps_it(issued):
    office.set_next_number("minutes", 12)
    db.session.commit()
    meeting = meeting_of(issued)
    assert "第12期（暂定）" in documents.render_document("minutes", meeting)
    first = finalise_now(meeting)
    db.session.expire_all()
    meeting = meeting_of(issued)
    assert meeting.issue_number == 12 and office.next_number("minutes") == 13
    assert meeting.consensus_issue_number is None  # each kind has its own sequence
    html = documents.render_document("minutes", meeting)
    assert "第12期" in html and "（暂定）" not in html  # the draft now shows its own number
    again = finalise_now(meeting)
    assert not again.created and again.report.id == first.report.id
    assert office.next_number("minutes") == 13  # unchanged content takes no number
    consensus = finalise_now(meeting, "consensus")
    assert consensus.created and meeting_of(issued).consensus_issue_number == 1


def test_a_number_set_by_hand_is_kept(issued):
    meeting = meeting_of(issued)
    meeting.issue_number = 3
    db.session.commit()
    finalise_now(meeting)
    assert meeting_of(issued).issue_number == 3 and office.next_number("minutes") == 1


def test_the_consensus_report_is_dated_the_day_it_is_finalised(issued, tmp_path):
    result = finalise_now(meeting_of(issued), "consensus")
    text = pdftotext(finalise.absolute_path(result.report))
    today = documents.cn_date(office_today())
    assert f"{ISSUING_BODY}{today}" in text  # the signature: issuing body, issue date
    assert f"{today}印发" in text
    assert "2026年3月29日" in text  # the meeting's date stays in the body, not the signature
    assert "草稿" not in text


def test_download_names_are_dated_with_an_ascii_fallback(issued, client):
    meeting = meeting_of(issued)
    meeting.title = "托育\r\n服务\u202egpj.exe\u2066测试"  # a newline and bidi controls
    db.session.get(Participant, meeting.chair_id).name = "林\u202e振声\n"
    db.session.commit()
    login(client)
    base = f"/meetings/{meeting.id}"
    expected = {
        f"{base}/minutes.pdf": ("2026-03-29-会议纪要-草稿.pdf", "2026-03-29-minutes-draft.pdf"),
        f"{base}/consensus-report.pdf": (
            "2026-03-29-协商成果报告-草稿.pdf",
            "2026-03-29-consensus-report-draft.pdf",
        ),
        f"{base}/minutes.docx": ("2026-03-29-会议纪要.docx", "2026-03-29-minutes.docx"),
        f"{base}/tracking.xlsx": ("2026-03-29-办理情况汇总表.xlsx", "2026-03-29-tracking.xlsx"),
        f"{base}/tracking.pdf": ("2026-03-29-办理情况汇总表.pdf", "2026-03-29-tracking.pdf"),
        "/tracking/2026.pdf": ("2026年办理情况汇总表.pdf", "tracking-2026.pdf"),
        f"/participants/{meeting.chair_id}/record/2026.pdf": (
            "2026年委员履职档案-林-振声.pdf",
            f"member-record-{meeting.chair_id}-2026.pdf",
        ),
    }
    assert client.post(f"{base}/minutes/finalise").status_code == 302
    expected[f"{base}/minutes/v1.pdf"] = (
        "2026-03-29-会议纪要-第1版.pdf",
        "2026-03-29-minutes-v1.pdf",
    )
    for url, (name, ascii_name) in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        header = response.headers["Content-Disposition"]
        assert header == (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
        ), url
        assert header.isascii() and "\n" not in header and "\r" not in header
    pdf = client.get(f"{base}/minutes/v1.pdf").data
    assert pdf.startswith(b"%PDF")


DOCUMENT_ROUTES = [
    "/meetings/{id}/minutes",
    "/meetings/{id}/minutes.pdf",
    "/meetings/{id}/minutes.docx",
    "/meetings/{id}/consensus-report",
    "/meetings/{id}/consensus-report.pdf",
    "/meetings/{id}/consensus-report.docx",
    "/meetings/{id}/tracking",
    "/meetings/{id}/tracking.pdf",
    "/meetings/{id}/tracking.xlsx",
]


@pytest.mark.parametrize("username", ["secretariat", "chair"])
def test_without_an_issuing_body_every_document_says_what_to_fill_in(issued, client, username):
    db.session.scalars(select(OfficeSettings)).one().issuing_body = "  "
    db.session.commit()
    meeting = meeting_of(issued)
    login(client, username)
    page_url = f"/meetings/{meeting.id}#documents"
    chair_id = meeting.chair_id
    urls = [u.format(id=meeting.id) for u in DOCUMENT_ROUTES]
    posts = [f"/meetings/{meeting.id}/minutes/finalise"] if username == "chair" else []
    others = {
        "/tracking/2026": "/board/",
        "/tracking/2026.pdf": "/board/",
        "/tracking/2026.xlsx": "/board/",
        f"/participants/{chair_id}/record/2026": f"/participants/{chair_id}",
        f"/participants/{chair_id}/record/2026.pdf": f"/participants/{chair_id}",
    }
    checks = [(u, "GET", page_url) for u in urls] + [(u, "POST", page_url) for u in posts]
    checks += [(u, "GET", target) for u, target in others.items()]
    for url, method, target in checks:
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith(target), url
        page = client.get(target.split("#")[0]).get_data(as_text=True)
        assert "发文机关" in page or "issuing body" in page, url
        settings_link = 'href="/settings/"' in page
        assert settings_link == (username == "secretariat"), url
    assert db.session.scalars(select(Report)).all() == []
    assert meeting_of(issued).issue_number is None and office.next_number("minutes") == 1


def test_the_meeting_page_says_the_office_is_not_set_up(issued, client):
    db.session.scalars(select(OfficeSettings)).one().issuing_body = ""
    db.session.commit()
    login(client)
    page = client.get(f"/meetings/{issued.meeting_id}").get_data(as_text=True)
    assert "office-missing" in page and 'href="/settings/"' in page


def test_no_document_without_settings_row_either(app):
    """A fresh install: no settings row at all, still a message, no fictional name."""
    with pytest.raises(office.OfficeNotConfigured):
        documents.render_document("minutes", factories.make_meeting(status="held"))
    assert db.session.scalar(select(OfficeSettings)) is None
    assert not hasattr(documents, "DEFAULT_COMMITTEE_NAME")


def test_finalised_versions_stay_readable_without_settings(issued, client):
    finalise_now(meeting_of(issued))
    db.session.scalars(select(OfficeSettings)).one().issuing_body = ""
    db.session.commit()
    login(client)
    response = client.get(f"/meetings/{issued.meeting_id}/minutes/v1.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_meeting_pdf_when_meeting_is_missing_is_404(issued, client):
    login(client)
    assert client.get("/meetings/999999/minutes.pdf").status_code == 404
    assert db.session.get(Meeting, issued.meeting_id) is not None
