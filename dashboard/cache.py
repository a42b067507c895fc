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
from opinions.models import Opinion, opinion_theme
from responses.models import Assignment, Commitment, Rating, Reply

VERSIONED = (AuditEvent, Meeting, Opinion, Assignment, Reply, Commitment, Rating)
SIZE = 64  # figures and page contents (about 80 KB each on ten years of data)


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


class VersionedCache:
    """At most `size` computed values, each valid for one data version; per process.

    On unless the app is TESTING, where the `setting` (e.g. DASHBOARD_CACHE) turns it on."""

    def __init__(self, size: int, setting: str) -> None:
        self.size, self.setting = size, setting
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def enabled(self) -> bool:
        return bool(current_app.config.get(self.setting, not current_app.testing))

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """compute() once per (key, data version); the least recently used go first."""
        if not self.enabled():
            return compute()
        full_key = (key, data_version())
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                return self._entries[full_key]
        value = compute()
        with self._lock:
            self._entries[full_key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_dashboard = VersionedCache(SIZE, "DASHBOARD_CACHE")
enabled = _dashboard.enabled
cached = _dashboard.cached
clear = _dashboard.clear
