"""Users who sign in. Roles and their scope are described in DESIGN.md §2."""

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from common.enums import LabelledEnum, enum_column_type, set_labels
from common.models import TimestampMixin
from extensions import db, login_manager


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
    """A person who signs in to the system."""

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))
