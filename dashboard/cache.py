"""Reuse a computed dashboard (and its rendered page content) while the data has not changed.

The key holds everything the figures depend on — the scope, today's date (overdue moves
with it), the language of the labels, the configured categories, the sort — and the
database's *data version*: common.conditional.data_version(), the database's write state
that also makes the pages' ETags (PostgreSQL: pg_current_snapshot(); SQLite: the database
files' size and time and the newest audit event). Any committed write, from any process,
gives a new key and the figures are computed afresh; reading it costs no table scan. Where
that state is not available (an in-memory database), the highest id of the audit trail
and of each table the dashboard counts stands in, with the theme links' count and sums.

Nothing here is shared state in the sense that matters for scaling out: each process
(each gunicorn worker) checks the database on every request, so two processes never show
different numbers; a process that has not seen a version yet simply computes it. Off
under TESTING unless DASHBOARD_CACHE is set, because tests reuse ids after cleaning the
tables.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from audit.models import AuditEvent
from common import conditional
from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion, opinion_theme
from responses.models import Assignment, Commitment, Rating, Reply

VERSIONED = (AuditEvent, Meeting, Opinion, Assignment, Reply, Commitment, Rating)
SIZE = 64  # figures and page contents (about 80 KB each on ten years of data)

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def data_version() -> tuple | str:
    """A value that changes with every committed write: the database's write state, else
    the highest id of each table that feeds the dashboard, in one query.

    In the fallback, themes are linked to opinions through a plain table that the audit
    trail does not see, so its row count and sums join the version (an index-only scan).
    """
    state = conditional.data_version()
    if state is not None:
        return state
    maxima = [select(func.max(model.id)).scalar_subquery() for model in VERSIONED]
    t = opinion_theme.c
    links = select(func.count(), func.sum(t.theme_id), func.sum(t.opinion_id)).subquery()
    return tuple(db.session.execute(select(*maxima, *links.c)).one())


def enabled() -> bool:
    return bool(current_app.config.get("DASHBOARD_CACHE", not current_app.testing))


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """compute() once per (key, data version); at most SIZE results are kept."""
    if not enabled():
        return compute()
    full_key = (key, data_version())
    with _lock:
        if full_key in _entries:
            _entries.move_to_end(full_key)
            return _entries[full_key]
    value = compute()
    with _lock:
        _entries[full_key] = value
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
