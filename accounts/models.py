"""Users who sign in, and the failed sign-ins that throttle guessing.

Roles and their scope are described in DESIGN.md §2: a member user is linked to a Participant
of kind member, a department user to a Department; the other roles have no link.
"""

import hmac
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model
from participants.models import Department, Participant


class Role(LabelledEnum):
    SECRETARIAT = "secretariat", _l("Secretariat")
    CHAIR = "chair", _l("Chair")
    MEMBER = "member", _l("Member")
    DEPARTMENT = "department", _l("Department")


class User(CommitteeOwned, UserMixin, TimestampMixin, Model):  # type: ignore[misc]  # flask_login has no types
    """用户: a person who signs in to the system."""

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    __audit_masked__ = frozenset({"password_hash"})  # never written to the audit trail

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))
    active: Mapped[bool] = mapped_column(default=True)
    # The scope of the role: one account per member; several liaisons per department.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)

    participant: Mapped[Participant | None] = relationship()
    department: Mapped[Department | None] = relationship()

    # The server-side session this object was loaded for (not a column): set by
    # accounts.sessions when signing in and by load_session_user, read by get_id().
    session_key = cast("str | None", None)  # not annotated: the ORM would map it

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def scope_label(self) -> str:
        """What the role is tied to, for lists: the member's or the department's name."""
        if self.participant is not None:
            return self.participant.name
        if self.department is not None:
            return self.department.name
        return ""

    def get_id(self) -> str:
        """What the session (and a remember-me cookie) carries: the id, a token that changes
        with the password (a reset signs out every other session), and the key of the
        server-side session row, which logout deletes."""
        return f"{self.id}:{self.session_token()}:{self.session_key or ''}"

    def session_token(self) -> str:
        key = str(current_app.config["SECRET_KEY"]).encode()
        return hmac.new(key, self.password_hash.encode(), "sha256").hexdigest()[:20]

    def set_password(self, password: str) -> None:
        # Tests choose a cheap method (PASSWORD_HASH_METHOD); production keeps scrypt.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username} {self.role}>"


class LoginAttempt(Model):
    """A failed sign-in, kept for the throttle window (shared by every app process)."""

    __audit_exclude__ = True  # throttle bookkeeping, not a business record

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime, index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)


class LoginThrottle(Model):
    """One counter of the sign-in throttle: an account from one address, an address, an
    account from everywhere, or a known device (accounts/throttle.py).

    Attempts are reserved here with one conditional UPDATE each before the password is
    checked, so parallel requests can never check more passwords than the limit.
    """

    __audit_exclude__ = True  # throttle bookkeeping, not a business record

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)  # reserved or failed, since window_start
    window_start: Mapped[datetime] = mapped_column(sa.DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime)
    lockouts: Mapped[int] = mapped_column(default=0)  # each one doubles the next lock
    last_at: Mapped[datetime | None] = mapped_column(sa.DateTime)


class UserSession(Model):
    """A signed-in browser: logout deletes the row, so a copied cookie stops working.

    Only a hash of the key is stored: the database (or a backup of it) cannot be turned
    into a working session cookie.
    """

    __audit_exclude__ = True  # sign-in and sign-out are audited as events of the user

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, index=True)
