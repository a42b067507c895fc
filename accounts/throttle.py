"""Failed sign-ins throttled in the database, so every worker and server shares the count.

An attacker who knows a user name must not be able to keep that user out, so no counter
locks an account for everyone:
- an account from one address ("pair"): LOGIN_MAX_FAILURES_PER_ACCOUNT (5) failures lock that
  address out of that account for LOGIN_FAILURE_WINDOW_MINUTES (15), doubling with each
  repeated lock up to LOGIN_MAX_LOCK_MINUTES;
- an address across accounts: LOGIN_MAX_FAILURES_PER_ADDRESS (20), locked the same way;
- an account from everywhere: past LOGIN_ACCOUNT_CEILING (100) failures in a window it is
  slowed to one attempt per LOGIN_ACCOUNT_SLOW_SECONDS (10), never locked;
- a known device (a browser that signed in to the account before) counts only for itself,
  with the pair's limit, so the real user signs in from it whatever strangers do.

Each attempt reserves one unit of every counter that applies with a conditional UPDATE
before the password is checked (the view commits the reservation first), so parallel
requests never get more password checks than a limit allows. A right password gives the
units back; a wrong one keeps them and is logged as a LoginAttempt.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, case, delete, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from accounts.models import LoginAttempt, LoginThrottle
from common import clock as app_clock
from common.errors import RuleViolation
from extensions import db

DEFAULTS = {
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "LOGIN_MAX_LOCK_MINUTES": 24 * 60,
    "LOGIN_ACCOUNT_CEILING": 100,
    "LOGIN_ACCOUNT_SLOW_SECONDS": 10,
}
# A lock older than this is forgotten: the next one starts again at the window's length.
LOCKOUT_MEMORY = timedelta(days=1)


def utcnow() -> datetime:
    return app_clock.utcnow()  # the app's one clock (common.clock)


# Tests replace this to move time forward.
clock: Callable[[], datetime] = utcnow


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def window() -> timedelta:
    return timedelta(minutes=_setting("LOGIN_FAILURE_WINDOW_MINUTES"))


def normalise(username: str) -> str:
    return (username or "").strip()[:64]


class SignInThrottled(RuleViolation):
    """429 with the seconds to wait (sent as Retry-After)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, 429)
        self.retry_after = max(1, retry_after)


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int
    locks: bool = True  # False: past the limit, slowed instead of locked


@dataclass
class Reservation:
    username: str
    address: str
    counters: list[Counter] = field(default_factory=list)


def counters_for(username: str, address: str, device_id: str | None) -> list[Counter]:
    per_pair = _setting("LOGIN_MAX_FAILURES_PER_ACCOUNT")
    if device_id:
        return [Counter(f"device:{device_id}", per_pair)]
    return [
        Counter(f"pair:{address}|{username}", per_pair),
        Counter(f"address:{address}", _setting("LOGIN_MAX_FAILURES_PER_ADDRESS")),
        Counter(f"account:{username}", _setting("LOGIN_ACCOUNT_CEILING"), locks=False),
    ]


def _insert() -> Any:
    return pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert


def _ensure_row(key: str, now: datetime) -> None:
    statement = _insert()(LoginThrottle).values(
        key=key, failures=0, window_start=now, locked_until=None, lockouts=0, last_at=None
    )
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))


def _start_new_window(counter: Counter, now: datetime) -> None:
    """A counter whose lock has ended, or whose window has passed unlocked, starts from zero;
    its count of locks is forgotten after a quiet day."""
    row = LoginThrottle
    quiet_since = now - LOCKOUT_MEMORY
    db.session.execute(
        update(row)
        .where(row.key == counter.key, row.locked_until.is_not(None), row.locked_until <= now)
        .values(
            failures=0,
            window_start=now,
            locked_until=None,
            lockouts=case((row.locked_until <= quiet_since, 0), else_=row.lockouts),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(row)
        .where(row.key == counter.key, row.locked_until.is_(None))
        .where(row.window_start <= now - window())
        .values(
            failures=0,
            window_start=now,
            lockouts=case((row.window_start <= quiet_since, 0), else_=row.lockouts),
        )
        .execution_options(synchronize_session=False)
    )


def _take(counter: Counter, now: datetime) -> bool:
    """Reserve one attempt: one atomic UPDATE that only passes while the limit allows."""
    row = LoginThrottle
    if counter.locks:
        allowed = and_(row.failures < counter.limit, row.locked_until.is_(None))
    else:
        slow = timedelta(seconds=_setting("LOGIN_ACCOUNT_SLOW_SECONDS"))
        allowed = or_(
            row.failures < counter.limit, row.last_at.is_(None), row.last_at <= now - slow
        )
    result = db.session.execute(
        update(row)
        .where(row.key == counter.key, allowed)
        .values(failures=row.failures + 1, last_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]  # a CursorResult


def _give_back(counters: list[Counter]) -> None:
    for counter in counters:
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == counter.key, LoginThrottle.failures > 0)
            .values(failures=LoginThrottle.failures - 1)
            .execution_options(synchronize_session=False)
        )


def _refusal(counter: Counter, now: datetime) -> SignInThrottled:
    row = db.session.get(LoginThrottle, counter.key, populate_existing=True)
    if not counter.locks:
        seconds = _setting("LOGIN_ACCOUNT_SLOW_SECONDS")
        if row is not None and row.last_at is not None:
            seconds = math.ceil((row.last_at + timedelta(seconds=seconds) - now).total_seconds())
        return SignInThrottled(
            _(
                "This account has had many failed sign-in attempts. "
                "Please wait %(n)d seconds and try again.",
                n=max(1, seconds),
            ),
            seconds,
        )
    seconds = 60  # attempts still being checked fill the limit: a moment
    if row is not None and row.locked_until is not None and row.locked_until > now:
        seconds = math.ceil((row.locked_until - now).total_seconds())
    return SignInThrottled(
        _(
            "Too many failed sign-in attempts. Please wait %(n)d minutes and try again.",
            n=max(1, math.ceil(seconds / 60)),
        ),
        seconds,
    )


def reserve(username: str, address: str, device_id: str | None = None) -> Reservation:
    """One attempt's share of every counter that applies, or SignInThrottled (429).

    The caller commits before checking the password, so that other workers see it.
    """
    now = clock()
    reservation = Reservation(normalise(username), (address or "unknown")[:64])
    for counter in counters_for(reservation.username, reservation.address, device_id):
        _ensure_row(counter.key, now)
        _start_new_window(counter, now)
        if not _take(counter, now):
            refusal = _refusal(counter, now)
            _give_back(reservation.counters)
            raise refusal
        reservation.counters.append(counter)
    db.session.flush()
    return reservation


def failed(reservation: Reservation) -> None:
    """A wrong password: the units stay spent; a counter at its limit locks, for longer
    each time it locks again."""
    now = clock()
    # The log of failures for the window (older ones count for nothing: drop them).
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - window()))
    db.session.add(LoginAttempt(at=now, username=reservation.username, address=reservation.address))
    longest = timedelta(minutes=_setting("LOGIN_MAX_LOCK_MINUTES"))
    for counter in reservation.counters:
        if not counter.locks:
            continue
        row = db.session.get(LoginThrottle, counter.key, populate_existing=True)
        if row is None or row.failures < counter.limit:
            continue
        if row.locked_until is not None:
            continue  # a parallel failure locked it already
        row.locked_until = now + min(window() * 2 ** min(row.lockouts, 16), longest)
        row.lockouts += 1
    db.session.flush()


def succeeded(reservation: Reservation) -> None:
    """The right password: this browser's and address's streak for the account ends; the
    address and the account's ceiling only get the one unit back."""
    personal = [c.key for c in reservation.counters if c.key.startswith(("pair:", "device:"))]
    if personal:
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(personal)))
    _give_back([c for c in reservation.counters if c.key not in personal])
    db.session.flush()


def purge() -> None:
    """Counters idle for longer than a lock is remembered (called on each sign-in)."""
    before = clock() - LOCKOUT_MEMORY - timedelta(minutes=_setting("LOGIN_MAX_LOCK_MINUTES"))
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_start < before,
            or_(LoginThrottle.last_at.is_(None), LoginThrottle.last_at < before),
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < before),
        )
    )
