"""Server-side sessions: every sign-in is a row, logout deletes it.

The session cookie (and a remember-me cookie) carries "user id : password token : session
key". A cookie copied before logout names a deleted row and is refused; the user's other
browsers have rows of their own and stay signed in. Sessions end at the latest after
SESSION_MAX_DAYS (the remember-me duration).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from accounts.models import User, UserSession
from accounts.throttle import utcnow
from extensions import db, login_manager

DEFAULT_MAX_DAYS = 14


def max_age() -> timedelta:
    return timedelta(days=int(current_app.config.get("SESSION_MAX_DAYS", DEFAULT_MAX_DAYS)))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """A new session row for this sign-in; `user.get_id()` names it from now on."""
    now = utcnow()
    # Rows past their age can never be used again: drop them while we are here.
    db.session.execute(delete(UserSession).where(UserSession.created_at <= now - max_age()))
    key = secrets.token_urlsafe(24)
    db.session.add(UserSession(user_id=user.id, key_hash=_hash(key), created_at=now))
    db.session.flush()
    user.session_key = key
    return key


def end_session(user: User) -> None:
    """Sign this browser out on the server; other sessions of the user are untouched."""
    if user.session_key:
        db.session.execute(
            delete(UserSession).where(UserSession.key_hash == _hash(user.session_key))
        )
        db.session.flush()
    user.session_key = None


def end_all_sessions(user: User, keep_key: str | None = None) -> None:
    """Every session of the user but `keep_key` (after a password reset, a deactivation)."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_key:
        statement = statement.where(UserSession.key_hash != _hash(keep_key))
    db.session.execute(statement)
    db.session.flush()


def load_session_user(session_id: str) -> User | None:
    """The user of a live session named by the cookie, or None (Flask-Login's user loader).

    One statement, as before sessions were stored: the user joined with the session row.
    """
    user_id, _, rest = (session_id or "").partition(":")
    token, _, key = rest.partition(":")
    if not user_id.isdigit() or int(user_id) > 2**31 - 1 or not key:  # ids are INTEGER columns
        return None
    user: User | None = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == int(user_id),
            UserSession.key_hash == _hash(key),
            UserSession.created_at > utcnow() - max_age(),
        )
    )
    if user is None or not hmac.compare_digest(token, user.session_token()):
        return None
    user.session_key = key
    return user


login_manager.user_loader(load_session_user)  # Flask-Login asks here on every request
