"""Conditional GET for pages: an ETag from the database's write state, 304 when nothing changed.

A page's ETag combines what its HTML depends on besides the URL: the database's write state
(any committed write anywhere changes it), the signed-in user and their session (CSRF token
and language), the office's date and hour (due-date badges, opinion windows) and the code
and templates of this deployment. A browser that sends the ETag back gets 304 Not Modified
without the page being loaded or rendered; the view's access checks still run first.

The database's write state is read without touching any table:
- PostgreSQL: pg_current_snapshot() (which transactions have committed); it changes with
  every committed write transaction, whichever process made it.
- SQLite: size, time and inode of the database file and its WAL (every commit writes one of
  them), with the newest audit event id to tell apart two commits within one clock tick.
Anything else gives no ETag (pages are always rendered). The state is read before the page's
data, so a page is never newer in its tag than in its content's age allows.

Documents (reports/) know their ETag from their content (a hash) instead; pages and documents
answer through the same two functions, `unchanged(etag)` and `with_etag(response, etag)`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import text

from common.models import now
from extensions import db


def code_version() -> str:
    """The deployment: code, templates, translations (names, sizes, mtimes) and settings."""
    cached = current_app.extensions.get("page_code_version")
    if cached is None:
        root = Path(current_app.root_path)
        digest = hashlib.sha1()
        skip = {".venv", "instance", "tests", "node_modules", "test-artifacts", ".git"}
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo", ".css", ".js")):
                    stat = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        # Settings pages may depend on (deadlines, categories...): plain values only, so
        # every process of one deployment computes the same version.
        plain = (str, int, float, bool, type(None), list, tuple)
        settings = sorted(
            (key, repr(value))
            for key, value in current_app.config.items()
            if isinstance(value, plain) and "SECRET" not in key and "PASSWORD" not in key
        )
        digest.update(repr(settings).encode())
        cached = current_app.extensions["page_code_version"] = digest.hexdigest()[:16]
    return cached


def _sqlite_state(path: str) -> str | None:
    """Size, time and inode of the database file and its WAL; every commit writes to one.

    os.stat only: opening and closing the SQLite files here would drop the POSIX locks
    SQLite holds on them in this process.
    """
    parts = []
    for name in (path, path + "-wal"):
        try:
            stat = os.stat(name)
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}")
    return "/".join(parts) if parts[0] != "-" else None


def data_version() -> str | None:
    """A value that changes whenever a write is committed to the database, or None."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        return db.session.scalar(text("SELECT pg_current_snapshot()::text"))
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # The files' times have a clock tick's resolution: the newest audit event (every ORM
        # write adds one; SQLite commits one writer at a time, so ids commit in order) tells
        # apart two commits within one tick.
        files = _sqlite_state(engine.url.database)
        if files is None:
            return None
        newest = db.session.scalar(text("SELECT max(id) FROM audit_event"))
        return f"{files}/{newest}"
    return None


def page_etag() -> str | None:
    version = data_version()
    if version is None:
        return None
    when = now().strftime("%Y-%m-%d %H")  # the office's day and hour
    user = current_user.get_id() if current_user.is_authenticated else "-"
    parts = (
        version,
        user,
        str(session.get("csrf_token", "")),
        str(session.get("lang", "")),
        when,
        code_version(),
        request.full_path,
    )
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


NO_CACHE = "private, no-cache"  # browsers revalidate on every visit


def with_etag(response: Response, etag: str, cache_control: str = NO_CACHE) -> Response:
    """Give a response its ETag and Cache-Control (a 304 carries the same as the 200)."""
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    return response


def unchanged(etag: str | None, cache_control: str = NO_CACHE) -> Response | None:
    """304 Not Modified when the browser sent this ETag back; None: answer in full.

    Call after the view's access checks: a 304 must never tell anyone more than the full
    answer would.
    """
    if etag is not None and etag in request.if_none_match:
        return with_etag(Response(status=304), etag, cache_control)
    return None


def remember_etag() -> None:
    """Read the page's ETag now, before its data, for `tagged()` (no 304 without checks)."""
    if request.method == "GET" and not session.get("_flashes"):
        g.page_etag = page_etag()


def not_modified() -> Response | None:
    """Call after the view's access checks: 304 when the browser's copy is still current.

    Also remembers the page's ETag (read before any of the page's data) for `tagged()`.
    """
    if request.method != "GET" or session.get("_flashes"):
        return None  # a flashed message must be shown: render
    tag = page_etag()
    g.page_etag = tag
    answer = unchanged(tag)
    if answer is not None:
        answer.vary.add("Cookie")
    return answer


def tagged(response: Response) -> Response:
    """Give a rendered page its ETag; browsers revalidate it on every visit (no-cache)."""
    tag = g.get("page_etag")
    if tag is not None and response.status_code in (200, 304):
        with_etag(response, tag)
        response.vary.add("Cookie")
    return response
