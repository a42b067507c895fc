"""Routes of the `exports` blueprint: downloads, previews and who may fetch them."""

from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_meeting_tracking_downloads(as_user, demo):
    client = as_user("mishu")
    m = demo.meeting_id
    preview = client.get(f"/meetings/{m}/tracking")
    assert preview.status_code == 200 and "许𠮷安" in preview.get_data(as_text=True)
    pdf = client.get(f"/meetings/{m}/tracking.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]
    again = client.get(
        f"/meetings/{m}/tracking.pdf", headers={"If-None-Match": pdf.headers["ETag"]}
    )
    assert again.status_code == 304
    xlsx = client.get(f"/meetings/{m}/tracking.xlsx")
    assert xlsx.status_code == 200 and xlsx.mimetype == XLSX
    assert load_workbook(BytesIO(xlsx.data)).active.freeze_panes == "A2"


def test_year_tracking_downloads(as_user, demo):
    client = as_user("zhuxi")  # the chair may print the tables too
    assert "许𠮷安" in client.get("/tracking/2026").get_data(as_text=True)
    assert client.get("/tracking/2026.pdf").data.startswith(b"%PDF")
    sheet = load_workbook(BytesIO(client.get("/tracking/2026.xlsx").data)).active
    # Header + 10 rows of November's meeting + 6 of June's (split and joint give two each)
    # + the speech sent in for December's meeting.
    assert sheet.max_row == 18
    assert "校外供餐" in client.get("/tracking/2026").get_data(as_text=True)
    assert load_workbook(BytesIO(client.get("/tracking/2025.xlsx").data)).active.max_row == 1


def test_member_record_preview_and_pdf(as_user, demo):
    client = as_user("mishu")
    wang = demo.people["王喆"]
    page = client.get(f"/participants/{wang}/record/2026")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "王喆委员2026年度履职档案" in text and "履职积分" in text
    pdf = client.get(f"/participants/{wang}/record/2026.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_member_sees_own_record_only(as_user, demo):
    client = as_user("wangzhe")
    assert client.get(f"/participants/{demo.people['王喆']}/record/2026").status_code == 200
    assert client.get(f"/participants/{demo.people['李堃']}/record/2026").status_code == 404
    assert client.get(f"/participants/{demo.people['李堃']}/record/2026.pdf").status_code == 404


def test_docx_downloads(as_user, demo):
    client = as_user("mishu")
    for path, heading in (
        (
            "minutes.docx",
            "抄送：区委办公室，区人大常委会办公室，区政府办公室，区政协各专门委员会。",
        ),
        ("consensus-report.docx", "一、协商共识"),
    ):
        response = client.get(f"/meetings/{demo.meeting_id}/{path}")
        assert response.status_code == 200 and response.mimetype == DOCX
        texts = [p.text for p in Document(BytesIO(response.data)).paragraphs]
        assert heading in texts


@pytest.mark.parametrize(
    "username, path, status",
    [
        # members see the meeting but not the office's tables or the drafts
        ("wangzhe", "/meetings/{m}/tracking.pdf", 403),
        ("wangzhe", "/meetings/{m}/tracking.xlsx", 403),
        ("wangzhe", "/tracking/2026.xlsx", 403),
        ("wangzhe", "/meetings/{m}/minutes.docx", 404),
        ("wangzhe", "/meetings/{m}/consensus-report.docx", 404),
        # departments: no tables, no drafts, no member records
        ("weijian", "/meetings/{m}/tracking", 403),
        ("weijian", "/tracking/2026.pdf", 403),
        ("weijian", "/meetings/{m}/minutes.docx", 403),
        ("weijian", "/participants/{wang}/record/2026.pdf", 403),
        # bad ids and years
        ("mishu", "/meetings/999999/tracking.pdf", 404),
        ("mishu", "/meetings/99999999999/tracking.xlsx", 404),
        ("mishu", "/meetings/999999/minutes.docx", 404),
        ("mishu", "/participants/999999/record/2026.pdf", 404),
        ("mishu", "/participants/{wang}/record/1900.pdf", 404),
        ("mishu", "/tracking/99999.xlsx", 404),
    ],
)
def test_who_may_download(as_user, demo, username, path, status):
    url = path.format(m=demo.meeting_id, wang=demo.people["王喆"])
    assert as_user(username).get(url).status_code == status


def test_signed_out_is_sent_to_login(session_app, demo):
    client = session_app.test_client()
    response = client.get(f"/meetings/{demo.meeting_id}/tracking.xlsx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_link_partials(session_app, as_user, demo):
    from flask import render_template
    from flask_login import login_user

    from accounts.models import User
    from extensions import db
    from meetings.models import Meeting
    from participants.models import Participant

    with session_app.test_request_context():
        meeting = db.session.get(Meeting, demo.meeting_id)
        secretariat = db.session.scalar(db.select(User).where(User.username == "mishu"))
        login_user(secretariat)
        html = render_template("reports/_meeting_exports.html", meeting=meeting)
        assert f"/meetings/{meeting.id}/tracking.xlsx" in html
        assert f"/meetings/{meeting.id}/minutes.docx" in html
        wang = db.session.get(Participant, demo.people["王喆"])
        html = render_template("reports/_member_documents.html", participant=wang)
        assert f"/participants/{wang.id}/record/" in html
        member = db.session.scalar(db.select(User).where(User.username == "likun"))
        login_user(member)
        assert "/tracking" not in render_template("reports/_meeting_exports.html", meeting=meeting)
        assert "record" not in render_template("reports/_member_documents.html", participant=wang)
        db.session.remove()
