"""How document routes answer: downloads with their names and ETags, and the refusal when
the office is not set up.

Download names read like a clerk files them: 2026-03-29-会议纪要.pdf, with an ASCII name
(2026-03-29-minutes.pdf) for clients that do not read RFC 5987's filename*. Nothing a
user typed reaches the header unchecked: control, bidi and other format characters and
path or quoting characters are removed, so a title or name can never break a download.
"""

import unicodedata
from datetime import date
from io import BytesIO
from urllib.parse import quote

from flask import Response, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response as BaseResponse

from accounts.policy import can
from common.conditional import NO_CACHE, unchanged
from extensions import db
from office.services import OfficeNotConfigured
from reports import cache

PDF_MIMETYPE = "application/pdf"

_UNSAFE = set('/\\:*?"<>|;%')


def clean_name_part(text: str) -> str:
    """A piece of a file name: no control/format characters (bidi overrides included), no
    path or quoting characters, whitespace as single dashes."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category[0] in "CZ" or char in _UNSAFE:
            kept.append("-")  # separators, controls, format (bidi), unassigned
        else:
            kept.append(char)
    return "-".join(part for part in "".join(kept).split("-") if part)[:80]


def ascii_name_part(text: str) -> str:
    piece = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)
    return "-".join(part for part in piece.split("-") if part)


def dated_names(
    on: date, label: str, english: str, ext: str, *suffixes: tuple[str, str]
) -> tuple[str, str]:
    """("2026-03-29-会议纪要-第2版.pdf", "2026-03-29-minutes-v2.pdf") from the pieces;
    each suffix is (Chinese piece, ASCII piece)."""
    chinese = [on.isoformat(), clean_name_part(label)] + [clean_name_part(s[0]) for s in suffixes]
    latin = [on.isoformat(), ascii_name_part(english)] + [ascii_name_part(s[1]) for s in suffixes]
    return (
        "-".join(p for p in chinese if p) + f".{ext}",
        "-".join(p for p in latin if p) + f".{ext}",
    )


def content_disposition(name: str, ascii_name: str) -> str:
    """attachment; filename="<ASCII>"; filename*=UTF-8''<the real name, percent-encoded>."""
    fallback = ascii_name_part(ascii_name.rsplit(".", 1)[0]) or "document"
    ext = ascii_name_part(ascii_name.rsplit(".", 1)[1]) if "." in ascii_name else ""
    fallback += f".{ext}" if ext else ""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(
    data: bytes,
    mimetype: str,
    names: tuple[str, str],
    *,
    etag: str | None = None,
    cache_control: str = NO_CACHE,
) -> Response:
    """The bytes as a download named (Chinese name, ASCII fallback); private to the user."""
    response = send_file(BytesIO(data), mimetype=mimetype, etag=etag or False, max_age=None)
    response.headers["Content-Disposition"] = content_disposition(*names)
    response.headers["Cache-Control"] = cache_control
    return response


def pdf_download(html: str, names: tuple[str, str]) -> Response:
    """The PDF of this print HTML as a download, from the engine's content-hash cache.

    The ETag is known before rendering: a browser that has these bytes gets a 304 at once.
    """
    if (answer := unchanged(cache.pdf_etag(html))) is not None:
        return answer
    data, etag = cache.cached_pdf(html)
    return attachment(data, PDF_MIMETYPE, names, etag=etag)


# ---------------------------------------------------------------- no issuing body yet


def settings_url() -> str | None:
    try:
        return url_for("office.settings")
    except BuildError:  # the settings page is not installed
        return None


def documents_of(meeting_id: int) -> str:
    """The meeting page's documents card: where a document route sends the user back to."""
    return url_for("meetings.meeting_detail", meeting_id=meeting_id) + "#documents"


def back_to_meeting(meeting_id: int, message: str, category: str) -> BaseResponse:
    """Back to the meeting's documents, saying why (a document route never renders another
    package's page)."""
    flash(message, category)
    return redirect(documents_of(meeting_id))


def _back_url() -> str:
    args = request.view_args or {}
    if "meeting_id" in args:
        return documents_of(args["meeting_id"])
    if "participant_id" in args:
        return url_for("participants.participant_detail", id=args["participant_id"])
    return url_for("assignments.board")


def refuse_unconfigured(error: OfficeNotConfigured) -> BaseResponse:
    """Back to the page the document came from, saying what to fill in and where."""
    db.session.rollback()
    message = escape(str(error.message))
    link = settings_url() if can(current_user, "office.manage") else None
    if link:
        message += Markup(' <a class="alert-link" href="%s">%s</a>') % (
            link,
            _("Open the office settings"),
        )
    else:
        message += " " + _("Please ask the secretariat to fill it in.")
    flash(Markup(message), "warning")
    return redirect(_back_url())
