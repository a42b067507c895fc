"""The meeting's documents: print preview, PDF download, finalise, finalised versions.

    GET  /meetings/<id>/minutes                      print preview (HTML) of the current draft
    GET  /meetings/<id>/minutes.pdf                  the current draft as PDF (ETag, 304)
    POST /meetings/<id>/minutes/finalise             store the current draft as a version
    GET  /meetings/<id>/minutes/versions             the finalised versions
    GET  /meetings/<id>/minutes/v<n>.pdf             one finalised version, byte-identical
and the same under /consensus-report for the consensus report (协商成果报告).

Drafts are for the secretariat and the chair (report.view on a draft); members read the
finalised versions of meetings they were invited to; the chair or the secretariat
finalises (report.finalise).
"""

from flask import Blueprint, Response, abort, current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from accounts.policy import can
from common.conditional import unchanged, with_etag
from common.errors import RuleViolation
from extensions import db
from meetings.models import Meeting
from office.services import OfficeNotConfigured, find_settings
from reports import answers, documents, finalise
from reports.access import load_document, load_for_finalising, may_view_draft, readable_meeting
from reports.models import Report, ReportKind

bp = Blueprint("reports", __name__, url_prefix="/meetings")
bp.register_error_handler(OfficeNotConfigured, answers.refuse_unconfigured)

# URL part -> document kind
SLUGS = {"minutes": "minutes", "consensus-report": "consensus"}
SLUG_OF = {kind: slug for slug, kind in SLUGS.items()}
# ASCII names of the kinds, for the fallback file name
ASCII_NAMES = {"minutes": "minutes", "consensus": "consensus-report"}
# A finalised version never changes; it is still private to those allowed to read it.
IMMUTABLE = "private, max-age=31536000, immutable"


def download_names(kind: str, meeting: Meeting, version: int | None = None) -> tuple[str, str]:
    """2026-03-29-会议纪要-草稿.pdf for the draft, …-第2版.pdf for version 2 (and ASCII)."""
    with force_locale("zh_CN"):
        label = str(ReportKind(kind).label)
        if version is None:
            suffix = (_("draft"), "draft")
        else:
            suffix = (_("version %(n)s", n=version), f"v{version}")
    return answers.dated_names(meeting.starts_at.date(), label, ASCII_NAMES[kind], "pdf", suffix)


# ---------------------------------------------------------------- drafts


def preview(meeting_id: int, kind: str) -> Response:
    meeting = load_document(meeting_id, kind).meeting
    toolbar = {
        "links": [
            (_("Back to the meeting"), url_for("meetings.meeting_detail", meeting_id=meeting.id)),
            (_("Download the draft PDF"), url_for(f"reports.{kind}_pdf", meeting_id=meeting.id)),
            (
                _("Finalised versions of the document"),
                url_for(f"reports.{kind}_versions", meeting_id=meeting.id),
            ),
        ]
    }
    html = documents.render_document(kind, meeting, toolbar=toolbar)
    etag = documents.html_etag(html)
    if (answer := unchanged(etag)) is not None:
        return answer
    return with_etag(Response(html, mimetype="text/html"), etag)


def draft_pdf(meeting_id: int, kind: str) -> Response:
    meeting = load_document(meeting_id, kind).meeting
    html = documents.render_document(kind, meeting)
    return answers.pdf_download(html, download_names(kind, meeting))


def finalise_view(meeting_id: int, kind: str) -> BaseResponse:
    meeting = load_for_finalising(meeting_id)
    try:
        result = _finalise_once_more_if_raced(kind, meeting)
    except RuleViolation as error:
        db.session.rollback()
        return answers.back_to_meeting(meeting_id, error.message, "danger")
    except IntegrityError:
        db.session.rollback()
        message = _("The document was finalised by someone else just now; please check.")
        return answers.back_to_meeting(meeting_id, message, "warning")
    label = ReportKind(kind).label
    if result.created:
        message = _("%(doc)s finalised as version %(n)s.", doc=label, n=result.report.version)
        return answers.back_to_meeting(meeting_id, message, "success")
    message = _(
        "%(doc)s has not changed since version %(n)s; no new version was made.",
        doc=label,
        n=result.report.version,
    )
    return answers.back_to_meeting(meeting_id, message, "info")


def _finalise_once_more_if_raced(kind: str, meeting: Meeting) -> finalise.FinaliseResult:
    """A second request for the same document that lost the race to the first (the unique
    version number) tries again: it then finds the first one's version, unchanged."""
    for attempt in range(2):
        try:
            with finalise.file_guard() as written:
                result = finalise.finalise_document(kind, meeting, current_user, written)
                db.session.commit()
            return result
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- finalised versions


def versions_page(meeting_id: int, kind: str) -> str:
    """Members read the finalised documents of meetings they may see; departments do not."""
    meeting = readable_meeting(meeting_id)
    return render_template(
        "reports/versions.html",
        meeting=meeting,
        kind=kind,
        kind_label=ReportKind(kind).label,
        versions=finalise.versions(meeting, kind),
        may_view_draft=may_view_draft(current_user, meeting, kind),
    )


def version_pdf(meeting_id: int, kind: str, version: int) -> Response:
    opened = load_document(meeting_id, kind, version)
    report = opened.report
    assert report is not None  # a version was asked for
    if (answer := unchanged(report.file_sha256, IMMUTABLE)) is not None:
        return answer
    try:
        data = finalise.stored_bytes(report)
    except finalise.StoredFileDamaged as error:
        current_app.logger.error("finalised document unavailable: %s", error)
        abort(500)
    names = download_names(kind, opened.meeting, report.version)
    return answers.attachment(
        data, answers.PDF_MIMETYPE, names, etag=report.file_sha256, cache_control=IMMUTABLE
    )


# ---------------------------------------------------------------- routes


def _register() -> None:
    for slug, kind in SLUGS.items():
        base = f"/<id:meeting_id>/{slug}"
        bp.add_url_rule(base, f"{kind}_preview", preview, defaults={"kind": kind})
        bp.add_url_rule(f"{base}.pdf", f"{kind}_pdf", draft_pdf, defaults={"kind": kind})
        bp.add_url_rule(
            f"{base}/finalise",
            f"finalise_{kind}",
            finalise_view,
            defaults={"kind": kind},
            methods=["POST"],
        )
        bp.add_url_rule(
            f"{base}/versions", f"{kind}_versions", versions_page, defaults={"kind": kind}
        )
        bp.add_url_rule(
            f"{base}/v<id:version>.pdf",
            f"{kind}_version_pdf",
            version_pdf,
            defaults={"kind": kind},
        )


_register()


# ---------------------------------------------------------------- the meeting page's card


def documents_card(meeting: Meeting) -> dict[str, object]:
    """What the meeting page's documents card shows the signed-in user (two queries)."""
    user = current_user
    may_read = can(user, "report.view")
    versions = finalise.versions_by_kind(meeting) if may_read else {}
    may_draft = may_view_draft(user, meeting)
    settings = find_settings(meeting.committee_id) if may_draft else None
    return {
        # No issuing body yet: the card says so before anyone clicks a document.
        "needs_office": may_draft and not (settings and settings.issuing_body.strip()),
        "settings_url": answers.settings_url() if can(user, "office.manage") else None,
        "kinds": [(kind, ReportKind(kind).label) for kind in SLUG_OF],
        "may_view_draft": may_draft,
        "may_finalise": can(user, "report.finalise", meeting)
        and meeting.status in finalise.FINALISABLE,
        "versions": versions,
        "shown": may_read,
    }


@bp.app_context_processor
def inject_documents_card() -> dict[str, object]:
    return {"documents_card": documents_card}


__all__ = ["bp", "Report"]
