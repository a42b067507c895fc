"""Files of the tables: tracking table and member record as HTML/PDF, the tracking table as
XLSX (openpyxl). Minutes and consensus report as DOCX live in reports.word.

    tracking_html(context) / member_record_html(context, show_score=True) -> str
    pdf_bytes(html) -> bytes               the engine's render_pdf once it exists
    tracking_xlsx(context) -> bytes        frozen header row, autofilter, real dates
"""

from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from common.spreadsheets import XLSX_MIMETYPE as XLSX_MIMETYPE  # the views' import
from common.spreadsheets import Sheet, xlsx_bytes
from reports.pdf import render_pdf
from reports.records import TrackingRow
from reports.subsets import font_css

DOCUMENT_LOCALE = "zh_CN"

OUTCOME_LABELS = {
    "attended": _l("Attended"),
    "excused": _l("On leave (excused)"),
    "unexcused": _l("Absent without leave"),
    "upcoming": _l("Not yet held"),
}
SCORE_LABELS = {
    "attended": _l("Meetings attended"),
    "excused": _l("Excused absences"),
    "unexcused": _l("Absences without leave"),
    "opinion": _l("Opinions submitted"),
    "adopted": _l("Opinions adopted"),
    "rating": _l("Replies rated"),
}


def pdf_bytes(html: str) -> bytes:
    """HTML to PDF through the project's engine (subset fonts, safe fetcher)."""
    return render_pdf(html)


# ---------------------------------------------------------------- HTML


def tracking_title(context: dict[str, Any]) -> str:
    if context["meeting"] is not None:
        return str(_("Handling status summary"))
    return str(_("Handling status summary for %(year)s", year=context["year"]))


def tracking_html(context: dict[str, Any]) -> str:
    """Printed in Chinese whatever the user's language: a document has one wording."""
    with force_locale(DOCUMENT_LOCALE):
        return render_template(
            "reports/tracking.html", title=tracking_title(context), font_css=font_css(), **context
        )


def member_record_title(context: dict[str, Any]) -> str:
    return str(
        _(
            "Duty record of %(name)s, %(year)s",
            name=context["participant"].name,
            year=context["year"],
        )
    )


def member_record_html(context: dict[str, Any], show_score: bool = True) -> str:
    with force_locale(DOCUMENT_LOCALE):
        return render_template(
            "reports/member_record.html",
            title=member_record_title(context),
            font_css=font_css(),
            outcome_labels=OUTCOME_LABELS,
            score_labels=SCORE_LABELS,
            show_score=show_score,
            **context,
        )


# ---------------------------------------------------------------- XLSX

# (header msgid, width in characters)
TRACKING_COLUMNS = [
    (_l("Row number"), 6),
    (_l("Meeting date"), 12),
    (_l("Meeting"), 30),
    (_l("Opinion"), 36),
    (_l("Speaker"), 10),
    (_l("Handling department"), 22),
    (_l("Handling mode"), 12),
    (_l("Department role"), 12),
    (_l("Reply category"), 10),
    (_l("Handling status"), 18),
    (_l("Due date"), 12),
    (_l("Overdue"), 8),
    (_l("Member rating"), 12),
    (_l("Remarks"), 24),
]


def _remarks(row: TrackingRow) -> str:
    notes = []
    if row.assignment is not None and row.assignment.status.value == "reopened":
        notes.append(str(row.assignment.status.label))
    if row.overdue_commitments:
        notes.append(_("%(n)s overdue commitments", n=row.overdue_commitments))
    return "；".join(notes)


def _tracking_values(row: TrackingRow) -> list[Any]:
    return [
        row.number,
        row.meeting.starts_at.date(),
        row.meeting.title,
        row.opinion.title,
        row.speaker.name,
        row.department.name if row.department else "",
        str(row.mode.label) if row.mode else "",
        str(row.role.label) if row.role else "",
        row.category.value if row.category else "",
        row.status_label,
        row.due_date,
        _("Yes") if row.overdue else "",
        str(row.rating.label) if row.rating else "",
        _remarks(row),
    ]


def tracking_xlsx(context: dict[str, Any]) -> bytes:
    """办理情况汇总表 as a workbook: header row frozen, filters over the table."""
    with force_locale(DOCUMENT_LOCALE):
        return _tracking_workbook(context)


def _tracking_workbook(context: dict[str, Any]) -> bytes:
    # The shared writer: an opinion title such as =HYPERLINK(...) stays text.
    return xlsx_bytes(
        Sheet(
            title=_("Tracking table"),
            headers=[str(header) for header, _width in TRACKING_COLUMNS],
            rows=(_tracking_values(row) for row in context["rows"]),
            widths=[width for _header, width in TRACKING_COLUMNS],
            header_font="SimHei",
            header_fill="DDDDDD",
            borders=True,
            wrap=True,
            landscape=True,
        )
    )
