"""Structured logs: one JSON line per request, and every log record as JSON, to stderr.

`install(app)` (called from create_app) puts a JSON handler on the root logger and times
each request. A request line carries time, level, request id (the client's X-Request-ID if
it sent a sane one, else a fresh one; echoed in the response), method, path, status,
duration_ms, user id (when the request signed someone in or loaded them) and remote
address. Unhandled exceptions (Flask logs them on app.logger) come out as one line with the
traceback in the "traceback" field and the request id of the request that failed.

Off under TESTING unless LOG_JSON is set (config or environment); LOG_LEVEL (default INFO)
filters. gunicorn needs no --access-logfile: these lines are the access log.
"""

import json
import logging
import os
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime
from typing import TextIO

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_LOGGER = "xieshang.request"
REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Attributes every LogRecord has; anything else was passed as `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if "request_id" not in entry and has_request_context():
            entry["request_id"] = g.get("request_id")
        if record.exc_info:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class JsonHandler(logging.StreamHandler):
    """Writes to the stream given, else to whatever sys.stderr is at the time."""

    def __init__(self, stream: TextIO | None = None):
        super().__init__(stream)
        self._fixed = stream
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = self._fixed or sys.stderr
        super().emit(record)


def enabled(app: Flask) -> bool:
    setting = app.config.get("LOG_JSON", os.environ.get("LOG_JSON"))
    if setting is not None and setting != "":
        return _truthy(setting)
    return not app.testing


def install(app: Flask, stream: TextIO | None = None) -> JsonHandler | None:
    """Log JSON lines for this app (once per app); returns the handler, or None when off."""
    if "ops_logging" in app.extensions:
        return app.extensions["ops_logging"]
    if not enabled(app):
        return None
    level = str(app.config.get("LOG_LEVEL") or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = JsonHandler(stream)
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, JsonHandler)]:
        root.removeHandler(old)  # a second create_app in one process replaces, not doubles
    root.addHandler(handler)
    root.setLevel(level)
    # WeasyPrint narrates every rendering step at INFO: noise in a request log.
    logging.getLogger("weasyprint").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    app.logger.removeHandler(default_handler)  # the root handler prints app.logger's records
    app.logger.setLevel(level)
    app.extensions["ops_logging"] = handler
    _install_request_hooks(app)
    return handler


def _install_request_hooks(app: Flask) -> None:
    log = logging.getLogger(REQUEST_LOGGER)

    def start_request() -> None:
        g.request_started = time.perf_counter()
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if SANE_REQUEST_ID.match(sent) else uuid.uuid4().hex

    # First of all before_request functions: the login gate may answer before the others.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)

    @app.after_request
    def log_request(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        status = response.status_code
        level = (
            logging.ERROR if status >= 500 else (logging.WARNING if status >= 400 else logging.INFO)
        )
        log.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2)
                if started is not None
                else None,
                "user_id": _user_id(),
                "remote_addr": request.remote_addr,
            },
        )
        return response


def _user_id() -> int | None:
    """The signed-in user if this request already loaded them (no extra query)."""
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return getattr(user, "id", None)
    return None
