"""One error page for every status code, with a message a person can act on.

`render_error` answers every registered status code and, in production, every unhandled
exception (Flask hands those to the 500 handler wrapped in InternalServerError): a database
that is down, read-only or full becomes a 503 page that needs no database, a value the
database refuses becomes a 422, a write that lost a race a 409. `register_error_guards(app)`
registers the same answers for the exceptions themselves (so they hold under TESTING too)
and drops control characters from form fields and query strings before any view sees them
(PostgreSQL cannot store NUL; XLSX/DOCX/XML cannot hold most C0 controls).
"""

import re

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, InternalServerError

from extensions import db, login_manager

ERROR_CODES = (400, 403, 404, 405, 413, 422, 500)
# C0 controls except tab, newline and carriage return; the XML non-characters U+FFFE/U+FFFF.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def generic_message(code: int) -> str:
    messages = {
        400: _("The request could not be understood. Please check what you entered."),
        403: _("You are not allowed to do this."),
        404: _("The page or record you asked for does not exist."),
        405: _("This address does not accept that kind of request."),
        409: _(
            "Someone else changed this record at the same time. Nothing was saved; "
            "please reload the page and try again."
        ),
        413: upload_too_large_message(),
        422: _("The request could not be understood. Please check what you entered."),
        503: _(
            "The database is temporarily unavailable. Nothing was saved; "
            "please try again in a moment."
        ),
    }
    return messages.get(
        code, _("Something went wrong on our side. Nothing was saved; please try again.")
    )


def upload_too_large_message() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return _(
        "The upload is too large: at most %(size)s MB per request. "
        "Nothing was saved; please choose a smaller file.",
        size=round(limit / (1024 * 1024), 1) if limit else "?",
    )


def _database_outage(error: BaseException) -> BaseException | None:
    """The lost-connection error behind `error`, if any: SQLAlchemy's own, the driver's
    unwrapped one (raised while a connection is returned or pinged), or a session left
    unusable by an earlier failed flush; looked for along the cause chain too."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (sa_exc.OperationalError, sa_exc.InterfaceError)):
            return current
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return current
        if isinstance(current, sa_exc.PendingRollbackError):
            return current
        if type(current).__name__ in DRIVER_OUTAGES and type(current).__module__.startswith(
            ("psycopg", "sqlite3")
        ):
            return current
        current = current.__cause__ or current.__context__
    return None


# The DB-API's own names for a lost or refused connection (PEP 249).
DRIVER_OUTAGES = {"OperationalError", "InterfaceError"}


def classify(error: BaseException) -> tuple[int, str | None]:
    """Status and message for an exception that is not an HTTPException."""
    outage = _database_outage(error)
    if outage is not None:
        text = str(getattr(outage, "orig", outage)).lower()
        if (
            "readonly" in text
            or "read-only" in text
            or "disk" in text
            or "full" in text
            or "space" in text
        ):
            return 503, _(
                "The database cannot store anything at the moment (it is read-only or its "
                "disk is full). Nothing was saved; please tell the system administrator."
            )
        return 503, None
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection became free in time
        return 503, None
    if isinstance(error, (sa_exc.DataError, OverflowError)):
        return 422, _(
            "A value you entered is too long, out of range or not allowed. "
            "Nothing was saved; please check what you entered."
        )
    if isinstance(error, sa_exc.IntegrityError):
        return 409, None
    return 500, None


def render_error(error: BaseException) -> tuple[str | Response, int, dict[str, str]]:
    if isinstance(error, InternalServerError) and error.original_exception is not None:
        error = error.original_exception  # production: unhandled exceptions arrive wrapped
    message = None
    if isinstance(error, HTTPException):
        code = error.code or 500
    else:
        code, message = classify(error)
        if code != 500:
            # A database outage is one line per request; anything else keeps its traceback.
            trace = None if code == 503 else error
            current_app.logger.warning("Answered %s for %r", code, error, exc_info=trace)
    # Whatever the failed request had written is thrown away: never a half-written record.
    try:
        if code == 503:
            db.session.close()
            # Nothing may ask the database again in this request: templates' context
            # processors and after-request hooks (the request log) read the signed-in user,
            # whose attributes a failed flush has expired. Answer as nobody instead.
            g._login_user = login_manager.anonymous_user()
        else:
            db.session.rollback()
    except Exception:  # noqa: BLE001  (a dead connection cannot roll back; the pool discards it)
        db.session.remove()
    message = message or generic_message(code)
    if isinstance(error, HTTPException) and code < 500:
        default = type(error).description
        if error.description and error.description != default:
            message = error.description  # a message our own code chose (already translated)
    headers = {"Retry-After": "30"} if code == 503 else {}
    if wants_json():
        return jsonify(error=code, message=message), code, headers
    if code == 503:
        # The normal layout asks the database (the signed-in user, notifications): not now.
        return bare_page(code, message, headers)
    try:
        return render_template("errors/error.html", code=code, message=message), code, headers
    except Exception:  # noqa: BLE001  (the layout itself failed, e.g. the database went away)
        current_app.logger.warning("The error page's layout failed", exc_info=True)
        db.session.remove()
        g._login_user = login_manager.anonymous_user()
        return bare_page(code, message, headers)


def bare_page(code: int, message: str, headers: dict[str, str]) -> tuple[str, int, dict[str, str]]:
    """The error page that needs no layout, no user and no query."""
    return render_template("errors/unavailable.html", code=code, message=message), code, headers


def wants_json() -> bool:
    """API clients, scripts and fetch() calls get JSON; browsers get the page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def drop_control_characters() -> None:
    """Form fields, query strings and their names lose NUL and the other C0 controls (and
    multipart parts without a readable name are dropped).

    One policy for the whole app, the one the speech import applies to pasted text: such
    characters are invisible, PostgreSQL cannot store NUL, and XLSX/DOCX/PDF exports cannot
    hold them. Tab, newline and carriage return stay. A field that was nothing but controls
    is then empty and its form says so, as for any empty field.
    """
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = request.form  # reading it enforces MAX_CONTENT_LENGTH too (413)
        if _has_forbidden(form):
            request.form = _cleaned(form)
    if _has_forbidden(request.args):
        request.args = _cleaned(request.args)


def _has_forbidden(values) -> bool:
    return any(
        not isinstance(key, str)
        or FORBIDDEN_CHARACTERS.search(key)
        or FORBIDDEN_CHARACTERS.search(_text(value))
        for key, value in values.items(multi=True)
    )


def _cleaned(values) -> ImmutableMultiDict:
    # A multipart part whose name the parser could not read (e.g. a bare newline) arrives
    # under None: it belongs to no field, so it goes.
    return ImmutableMultiDict(
        (_drop(key), _drop(value))
        for key, value in values.items(multi=True)
        if isinstance(key, str)
    )


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _drop(value):
    return FORBIDDEN_CHARACTERS.sub("", value) if isinstance(value, str) else value


def register_error_guards(app: Flask) -> None:
    """Error pages for every status code and database failure; control characters dropped."""
    for code in ERROR_CODES:
        app.register_error_handler(code, render_error)
    for exception in (
        sa_exc.OperationalError,
        sa_exc.InterfaceError,
        sa_exc.DataError,
        sa_exc.IntegrityError,
        sa_exc.TimeoutError,
        OverflowError,
    ):
        app.register_error_handler(exception, render_error)
    app.before_request_funcs.setdefault(None, []).insert(0, drop_control_characters)
    app.extensions["error_guards"] = True


class RuleViolation(Exception):
    """A request that breaks a business rule. The message is translated and shown to the user.

    Services raise it; views turn it into a flash message and a 4xx (usually 409 or 422).
    """

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status
