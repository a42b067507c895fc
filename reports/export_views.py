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
answers 304).
"""

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from accounts.policy import can, get_or_404, require
from extensions import db
from meetings.models import Meeting
from office.services import OfficeNotConfigured
from participants.models import Participant
from reports import answers, exports, records, word
from reports.cache import cached_pdf
from responses.assignments import office_today

exports_bp = Blueprint("exports", __name__)
exports_bp.register_error_handler(OfficeNotConfigured, answers.refuse_unconfigured)

MIN_YEAR, MAX_YEAR = 2000, 2100
PDF_MIMETYPE = "application/pdf"


def draft_document(meeting: Meeting) -> Any:
    """What report.view is asked about for an editable (never finalised) document."""
    return SimpleNamespace(meeting=meeting, finalised_at=None)


@exports_bp.app_template_global()
def may_export_documents(user: Any, meeting: Meeting) -> bool:
    """For links: may this user download the meeting's editable documents?"""
    return can(user, "report.view", draft_document(meeting))


@exports_bp.app_template_global()
def member_record_years() -> list[int]:
    """The years a participant page offers a duty record for: this one and the last."""
    year = office_today().year
    return [year, year - 1]


def _file(data: bytes, mimetype: str, names: tuple[str, str]) -> Response:
    response = answers.attachment(data, mimetype, names)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _pdf(html: str, names: tuple[str, str]) -> Response:
    """The PDF from the content-hash cache; 304 when the browser already has these bytes."""
    data, etag = cached_pdf(html)
    if request.if_none_match and request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = _file(data, PDF_MIMETYPE, names)
    response.set_etag(etag)
    return response


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)


def _meeting_tracking(meeting_id: int) -> tuple[Meeting, dict]:
    meeting = get_or_404(Meeting, meeting_id, "meeting.view")
    require(current_user, "board.view")
    return meeting, records.tracking_context(meeting=meeting)


def _year_tracking(year: int) -> dict:
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


@exports_bp.get("/meetings/<int:meeting_id>/tracking")
def meeting_tracking(meeting_id: int):
    _meeting, context = _meeting_tracking(meeting_id)
    return exports.tracking_html(context)


@exports_bp.get("/meetings/<int:meeting_id>/tracking.pdf")
def meeting_tracking_pdf(meeting_id: int):
    meeting, context = _meeting_tracking(meeting_id)
    return _pdf(exports.tracking_html(context), _meeting_name(meeting, "tracking", "pdf"))


@exports_bp.get("/meetings/<int:meeting_id>/tracking.xlsx")
def meeting_tracking_xlsx(meeting_id: int):
    meeting, context = _meeting_tracking(meeting_id)
    data = exports.tracking_xlsx(context)
    return _file(data, exports.XLSX_MIMETYPE, _meeting_name(meeting, "tracking", "xlsx"))


@exports_bp.get("/tracking/<int:year>")
def year_tracking(year: int):
    return exports.tracking_html(_year_tracking(year))


@exports_bp.get("/tracking/<int:year>.pdf")
def year_tracking_pdf(year: int):
    return _pdf(exports.tracking_html(_year_tracking(year)), _year_name(year, "pdf"))


@exports_bp.get("/tracking/<int:year>.xlsx")
def year_tracking_xlsx(year: int):
    data = exports.tracking_xlsx(_year_tracking(year))
    return _file(data, exports.XLSX_MIMETYPE, _year_name(year, "xlsx"))


# ---------------------------------------------------------------- member record


def _member_record(participant_id: int, year: int) -> dict:
    participant = get_or_404(Participant, participant_id, "participant.view")
    _check_year(year)
    return records.member_record_context(participant, year)


@exports_bp.get("/participants/<int:participant_id>/record/<int:year>")
def member_record(participant_id: int, year: int):
    return exports.member_record_html(_member_record(participant_id, year))


@exports_bp.get("/participants/<int:participant_id>/record/<int:year>.pdf")
def member_record_pdf(participant_id: int, year: int):
    html = exports.member_record_html(_member_record(participant_id, year))
    return _pdf(html, _record_name(participant_id, year))


# ---------------------------------------------------------------- DOCX


def _document_meeting(meeting_id: int) -> Meeting:
    meeting = get_or_404(Meeting, meeting_id, "meeting.view")
    require(current_user, "report.view", draft_document(meeting))
    return meeting


@exports_bp.get("/meetings/<int:meeting_id>/minutes.docx")
def minutes_docx(meeting_id: int):
    meeting = _document_meeting(meeting_id)
    return _file(
        word.minutes_docx(meeting),
        word.DOCX_MIMETYPE,
        _meeting_name(meeting, "minutes", "docx"),
    )


@exports_bp.get("/meetings/<int:meeting_id>/consensus-report.docx")
def consensus_docx(meeting_id: int):
    meeting = _document_meeting(meeting_id)
    name = _meeting_name(meeting, "consensus-report", "docx")
    return _file(word.consensus_docx(meeting), word.DOCX_MIMETYPE, name)
