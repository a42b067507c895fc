"""Failed sign-ins throttled per account and per client address, counted in the database.

The count lives in a table, not in process memory, so every gunicorn worker (and every
server behind a load balancer) sees the same attempts. Limits come from the app config:
LOGIN_MAX_FAILURES_PER_ACCOUNT (5), LOGIN_MAX_FAILURES_PER_ADDRESS (20) and
LOGIN_FAILURE_WINDOW_MINUTES (15).
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from accounts.models import LoginAttempt
from extensions import db

DEFAULTS = {
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Tests replace this to move time forward.
clock: Callable[[], datetime] = utcnow


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def window() -> timedelta:
    return timedelta(minutes=_setting("LOGIN_FAILURE_WINDOW_MINUTES"))


def normalise(username: str) -> str:
    return (username or "").strip()[:64]


def is_blocked(username: str, address: str) -> bool:
    """True when the account or the address has used up its failures in the window."""
    since = clock() - window()
    per_account = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.username == normalise(username), LoginAttempt.at > since
        )
    )
    if per_account >= _setting("LOGIN_MAX_FAILURES_PER_ACCOUNT"):
        return True
    per_address = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.address == address[:64], LoginAttempt.at > since
        )
    )
    return per_address >= _setting("LOGIN_MAX_FAILURES_PER_ADDRESS")


def record_failure(username: str, address: str) -> None:
    now = clock()
    # Attempts older than the window count for nothing: drop them while we are here.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - window()))
    db.session.add(LoginAttempt(at=now, username=normalise(username), address=address[:64]))
    db.session.flush()


def forget_account_failures(username: str) -> None:
    """A successful sign-in ends the account's streak (the address keeps its count)."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.username == normalise(username)))
