"""Users who sign in, and the failed sign-ins that throttle guessing.

Roles and their scope are described in DESIGN.md §2: a member user is linked to a Participant
of kind member, a department user to a Department; the other roles have no link.
"""

import hmac
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from common.enums import LabelledEnum, enum_column_type, set_labels
from common.models import TimestampMixin
from extensions import db, login_manager
from participants.models import Department, Participant


class Role(LabelledEnum):
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    MEMBER = "member"
    DEPARTMENT = "department"


set_labels(
    Role,
    {
        Role.SECRETARIAT: _l("Secretariat"),
        Role.CHAIR: _l("Chair"),
        Role.MEMBER: _l("Member"),
        Role.DEPARTMENT: _l("Department"),
    },
)


class User(UserMixin, TimestampMixin, db.Model):
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
        """What the session remembers: the id plus a token that changes with the password,
        so a password reset or change signs out every other session of the account."""
        return f"{self.id}:{self.session_token()}"

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


class LoginAttempt(db.Model):
    """A failed sign-in, kept for the throttle window (shared by every app process)."""

    __audit_exclude__ = True  # throttle bookkeeping, not a business record

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime, index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or int(user_id) > 2**31 - 1:  # ids are INTEGER columns
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(token, user.session_token()):
        return None
    return user
