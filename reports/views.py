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

from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from accounts.policy import can, require
from common.errors import RuleViolation
from extensions import db
from meetings import services
from meetings.models import Meeting
from meetings.views import render_detail
from office.services import OfficeNotConfigured, find_settings
from reports import answers, documents, finalise
from reports.models import Report, ReportKind

bp = Blueprint("reports", __name__, url_prefix="/meetings")
bp.register_error_handler(OfficeNotConfigured, answers.refuse_unconfigured)

# URL part -> document kind
SLUGS = {"minutes": "minutes", "consensus-report": "consensus"}
SLUG_OF = {kind: slug for slug, kind in SLUGS.items()}


@dataclass
class DraftDocument:
    """The current, unfinalised document: what `report.view` is asked about for drafts."""

    meeting: Meeting
    kind: str
    finalised_at: datetime | None = None


def meeting_for_documents(meeting_id: int) -> Meeting:
    """The meeting, if the user may see it at all (else 404)."""
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, "meeting.view", meeting)
    return meeting


def may_view_draft(user, meeting: Meeting, kind: str = "minutes") -> bool:
    return can(user, "report.view", DraftDocument(meeting, kind))


def require_draft(meeting: Meeting, kind: str) -> None:
    if not may_view_draft(current_user, meeting, kind):
        abort(403)


def not_modified(etag: str) -> Response | None:
    if request.if_none_match and request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    return None


# ASCII names of the kinds, for the fallback file name
ASCII_NAMES = {"minutes": "minutes", "consensus": "consensus-report"}


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


def preview(meeting_id: int, kind: str):
    meeting = meeting_for_documents(meeting_id)
    require_draft(meeting, kind)
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
    if (answer := not_modified(etag)) is not None:
        return answer
    response = Response(html, mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def draft_pdf(meeting_id: int, kind: str):
    meeting = meeting_for_documents(meeting_id)
    require_draft(meeting, kind)
    html = documents.render_document(kind, meeting)
    # The ETag is known before rendering: a client that has this PDF gets a 304 at once.
    if (answer := not_modified(documents.pdf_etag(html))) is not None:
        return answer
    pdf, etag = documents.pdf_and_etag(html)
    response = answers.attachment(
        pdf,
        "application/pdf",
        download_names(kind, meeting),
        etag=etag,
        conditional=False,
        max_age=None,
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def finalise_view(meeting_id: int, kind: str):
    meeting = meeting_for_documents(meeting_id)
    if not can(current_user, "report.finalise", meeting):
        abort(403)  # the meeting is visible (checked above): refused, not hidden
    try:
        result = _finalise_once_more_if_raced(kind, meeting)
    except RuleViolation as error:
        db.session.rollback()
        flash(error.message, "danger")
        return render_detail(meeting_id, error.status)
    except IntegrityError:
        db.session.rollback()
        flash(_("The document was finalised by someone else just now; please check."), "warning")
        return render_detail(meeting_id, 409)
    label = ReportKind(kind).label
    if result.created:
        flash(
            _("%(doc)s finalised as version %(n)s.", doc=label, n=result.report.version),
            "success",
        )
    else:
        flash(
            _(
                "%(doc)s has not changed since version %(n)s; no new version was made.",
                doc=label,
                n=result.report.version,
            ),
            "info",
        )
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id) + "#documents")


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


def require_versions(meeting: Meeting) -> None:
    """Members read the finalised documents of meetings they may see; departments do not."""
    if not can(current_user, "report.view"):
        abort(403)


def versions_page(meeting_id: int, kind: str):
    meeting = meeting_for_documents(meeting_id)
    require_versions(meeting)
    rows = finalise.versions(meeting, kind)
    return render_template(
        "reports/versions.html",
        meeting=meeting,
        kind=kind,
        kind_label=ReportKind(kind).label,
        versions=rows,
        may_view_draft=may_view_draft(current_user, meeting, kind),
    )


def version_pdf(meeting_id: int, kind: str, version: int):
    meeting = meeting_for_documents(meeting_id)
    require_versions(meeting)
    report = finalise.get_version_or_404(meeting, kind, version)
    if report is None:
        abort(404)
    if not can(current_user, "report.view", report):
        abort(403)
    if (answer := not_modified(report.file_sha256)) is not None:
        return answer
    try:
        data = finalise.stored_bytes(report)
    except finalise.StoredFileDamaged as error:
        current_app.logger.error("finalised document unavailable: %s", error)
        abort(500)
    response = answers.attachment(
        data,
        "application/pdf",
        download_names(kind, meeting, report.version),
        etag=report.file_sha256,
        conditional=False,
        max_age=None,
    )
    # A finalised version never changes; it is still private to those allowed to read it.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


# ---------------------------------------------------------------- routes


def _register() -> None:
    for slug, kind in SLUGS.items():
        base = f"/<int:meeting_id>/{slug}"
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
            f"{base}/v<int:version>.pdf",
            f"{kind}_version_pdf",
            version_pdf,
            defaults={"kind": kind},
        )


_register()


# ---------------------------------------------------------------- the meeting page's card


def documents_card(meeting: Meeting) -> dict:
    """What the meeting page's documents card shows the signed-in user (two queries)."""
    user = current_user
    may_read = can(user, "report.view")
    versions = finalise.versions_by_kind(meeting) if may_read else {}
    may_draft = may_view_draft(user, meeting)
    settings = find_settings() if may_draft else None
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
def inject_documents_card() -> dict:
    return {"documents_card": documents_card}


__all__ = ["bp", "Report"]
