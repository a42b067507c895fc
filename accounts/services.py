"""Account rules: creating users and checking credentials."""

from sqlalchemy import select

from accounts.models import Role, User
from extensions import db

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for people."""


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer for every failure)."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(username: str, password: str, role: Role, display_name: str | None = None) -> User:
    from flask_babel import gettext as _

    username = username.strip()
    if not username:
        raise AccountError(_("A username is required."))
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(_("The username %(name)s is already taken.", name=username))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("A password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    user = User(username=username, display_name=display_name or username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
