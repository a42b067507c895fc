"""The one clock of the app: the office's "now" and "today", and UTC for stored instants.

- `now()`: the wall clock in the office's time zone (MEETING_TIMEZONE), naive, to the
  second — what people read and what the timestamp columns store.
- `today()`: the office's date (deadlines, overdue, "issued on").
- `utcnow()`: the real instant, naive UTC (sessions, login throttle); not fixed by tests.

Application code never calls `date.today()` or `datetime.now()` itself, so one switch fixes
time everywhere. Test convention: the `clock` fixture (tests/conftest.py) returns this
module with the time unfixed again after the test; `clock.set(date(2030, 6, 3))` fixes the
office's day (at 09:00), `clock.set(datetime(...))` the office's wall clock, and
`clock.advance(days=1)` moves it. Scripts (the demo) use `with clock.fixed(day):`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Shanghai"
# A fixed date alone stands for this hour of that day (office hours).
FIXED_DAY_HOUR = time(9, 0)

# The office's wall clock while a test or script has fixed it; None: the real clock.
_fixed: datetime | None = None


def office_timezone() -> ZoneInfo:
    name = DEFAULT_TIMEZONE
    if has_app_context():
        name = current_app.config.get("MEETING_TIMEZONE", DEFAULT_TIMEZONE)
    return ZoneInfo(name)


def now() -> datetime:
    """The wall clock in the office's time zone, naive, whole seconds."""
    if _fixed is not None:
        return _fixed
    return datetime.now(office_timezone()).replace(tzinfo=None, microsecond=0)


def today() -> date:
    """The office's date."""
    return now().date()


def utcnow() -> datetime:
    """The real instant in UTC, naive (as the database stores it). Never fixed: sessions
    and the login throttle measure elapsed time, and a test that fixes the office's day
    must not expire the session it logged in with (accounts' tests move this one through
    their own `clock` fixture on accounts.throttle.clock)."""
    return datetime.now(UTC).replace(tzinfo=None)


def set(when: date | datetime | None) -> None:  # noqa: A001 - reads as clock.set(...)
    """Fix the office's clock (a date means that day at FIXED_DAY_HOUR); None unfixes it."""
    global _fixed
    if when is None or isinstance(when, datetime):
        _fixed = when.replace(microsecond=0) if when is not None else None
    else:
        _fixed = datetime.combine(when, FIXED_DAY_HOUR)


def advance(**delta: float) -> None:
    """Move a fixed clock on (e.g. `advance(days=1)`, `advance(minutes=5)`)."""
    global _fixed
    _fixed = now() + timedelta(**delta)


@contextmanager
def fixed(when: date | datetime) -> Iterator[None]:
    """The clock fixed at `when` for the block, then as it was before."""
    before = _fixed
    set(when)
    try:
        yield
    finally:
        set(before)
