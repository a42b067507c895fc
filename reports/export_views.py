"""Downloads of the tables and editable documents (blueprint `exports`).

    GET /meetings/<id>/tracking[.pdf|.xlsx]          办理情况汇总表 of a meeting
    GET /tracking/<year>[.pdf|.xlsx]                 办理情况汇总表 of a year
    GET /participants/<id>/record/<year>[.pdf]       委员履职档案 (HTML preview / PDF)

    GET /meetings/<id>/minutes.docx                  会议纪要, editable
    GET /meetings/<id>/consensus-report.docx         协商成果报告, editable

Who may: the tracking table is the follow-up board in print (board.view: secretariat and
chair); the member record follows participant.view (staff, and a member their own); the
editable DOCX are drafts of the documents (report.view of a not yet finalised document:
secretariat and chair). PDFs come from reports.cache (content-hash ETag; If-None-Match
answers 304, through reports.answers.pdf_download).
"""

from typing import Any

from flask import Blueprint, Response, abort
from flask_login import current_user

from accounts.policy import get_or_404, require
from common.clock import today as office_today
from extensions import db
from meetings.models import Meeting
from office.services import OfficeNotConfigured
from participants.models import Participant
from reports import answers, exports, records, word
from reports.access import load_document, load_meeting, may_view_draft

exports_bp = Blueprint("exports", __name__)
exports_bp.register_error_handler(OfficeNotConfigured, answers.refuse_unconfigured)

MIN_YEAR, MAX_YEAR = 2000, 2100


@exports_bp.app_template_global()
def may_export_documents(user: Any, meeting: Meeting) -> bool:
    """For links: may this user download the meeting's editable documents?"""
    return may_view_draft(user, meeting)


@exports_bp.app_template_global()
def member_record_years() -> list[int]:
    """The years a participant page offers a duty record for: this one and the last."""
    year = office_today().year
    return [year, year - 1]


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)


def _meeting_tracking(meeting_id: int) -> tuple[Meeting, dict[str, Any]]:
    meeting = load_meeting(meeting_id)
    require(current_user, "board.view")
    return meeting, records.tracking_context(meeting=meeting)


def _year_tracking(year: int) -> dict[str, Any]:
    require(current_user, "board.view")
    _check_year(year)
    return records.tracking_context(year=year)


# Chinese and ASCII names of the files, by kind
NAMES = {
    "tracking": ("办理情况汇总表", "tracking"),
    "minutes": ("会议纪要", "minutes"),
    "consensus-report": ("协商成果报告", "consensus-report"),
}


def _meeting_name(meeting: Meeting, kind: str, ext: str) -> tuple[str, str]:
    """2026-03-29-办理情况汇总表.xlsx (and 2026-03-29-tracking.xlsx for older clients)."""
    label, english = NAMES[kind]
    return answers.dated_names(meeting.starts_at.date(), label, english, ext)


def _year_name(year: int, ext: str) -> tuple[str, str]:
    return f"{year}年办理情况汇总表.{ext}", f"tracking-{year}.{ext}"


def _record_name(participant_id: int, year: int) -> tuple[str, str]:
    participant = db.session.get(Participant, participant_id)
    name = answers.clean_name_part(participant.name) if participant else ""
    return (
        f"{year}年委员履职档案-{name}.pdf",
        f"member-record-{participant_id}-{year}.pdf",
    )


# ---------------------------------------------------------------- tracking table


@exports_bp.get("/meetings/<id:meeting_id>/tracking")
def meeting_tracking(meeting_id: int) -> str:
    _meeting, context = _meeting_tracking(meeting_id)
    return exports.tracking_html(context)


@exports_bp.get("/meetings/<id:meeting_id>/tracking.pdf")
def meeting_tracking_pdf(meeting_id: int) -> Response:
    meeting, context = _meeting_tracking(meeting_id)
    html = exports.tracking_html(context)
    return answers.pdf_download(html, _meeting_name(meeting, "tracking", "pdf"))


@exports_bp.get("/meetings/<id:meeting_id>/tracking.xlsx")
def meeting_tracking_xlsx(meeting_id: int) -> Response:
    meeting, context = _meeting_tracking(meeting_id)
    data = exports.tracking_xlsx(context)
    return answers.attachment(
        data, exports.XLSX_MIMETYPE, _meeting_name(meeting, "tracking", "xlsx")
    )


@exports_bp.get("/tracking/<int:year>")
def year_tracking(year: int) -> str:
    return exports.tracking_html(_year_tracking(year))


@exports_bp.get("/tracking/<int:year>.pdf")
def year_tracking_pdf(year: int) -> Response:
    html = exports.tracking_html(_year_tracking(year))
    return answers.pdf_download(html, _year_name(year, "pdf"))


@exports_bp.get("/tracking/<int:year>.xlsx")
def year_tracking_xlsx(year: int) -> Response:
    data = exports.tracking_xlsx(_year_tracking(year))
    return answers.attachment(data, exports.XLSX_MIMETYPE, _year_name(year, "xlsx"))


# ---------------------------------------------------------------- member record


def _member_record(participant_id: int, year: int) -> dict[str, Any]:
    participant: Participant = get_or_404(Participant, participant_id, "participant.view")
    _check_year(year)
    return records.member_record_context(participant, year)


@exports_bp.get("/participants/<id:participant_id>/record/<int:year>")
def member_record(participant_id: int, year: int) -> str:
    return exports.member_record_html(_member_record(participant_id, year))


@exports_bp.get("/participants/<id:participant_id>/record/<int:year>.pdf")
def member_record_pdf(participant_id: int, year: int) -> Response:
    html = exports.member_record_html(_member_record(participant_id, year))
    return answers.pdf_download(html, _record_name(participant_id, year))


# ---------------------------------------------------------------- DOCX


def _docx(meeting_id: int, kind: str, slug: str) -> Response:
    """The editable draft of a document (a member is not told it exists: 404)."""
    meeting = load_document(meeting_id, kind, refusal=404).meeting
    data = word.minutes_docx(meeting) if kind == "minutes" else word.consensus_docx(meeting)
    return answers.attachment(data, word.DOCX_MIMETYPE, _meeting_name(meeting, slug, "docx"))


@exports_bp.get("/meetings/<id:meeting_id>/minutes.docx")
def minutes_docx(meeting_id: int) -> Response:
    return _docx(meeting_id, "minutes", "minutes")


@exports_bp.get("/meetings/<id:meeting_id>/consensus-report.docx")
def consensus_docx(meeting_id: int) -> Response:
    return _docx(meeting_id, "consensus", "consensus-report")
