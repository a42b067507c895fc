"""AuditEvent: one row per changed record (or sign-in), never edited afterwards."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from extensions import Model


class AuditAction(LabelledEnum):
    CREATE = "create", _l("Created")
    UPDATE = "update", _l("Changed")
    DELETE = "delete", _l("Deleted")
    STATUS = (
        "status",
        _l("Status changed"),
    )  # an update that moved a record's status (from → to in changes)
    LOGIN = "login", _l("Signed in")
    LOGOUT = "logout", _l("Signed out")


class AuditEvent(CommitteeOwned, Model):
    """审计日志: who did what to which record when, with the fields' before/after values."""

    __tablename__ = "audit_event"
    __audit_exclude__ = True  # the trail does not audit itself

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime, index=True)
    # The id links to the account; the name is a snapshot, readable even after renames.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[AuditAction] = mapped_column(enum_column_type(AuditAction), index=True)
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[int | None] = mapped_column(index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: [from, to]}
    address: Mapped[str] = mapped_column(String(64), default="")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.table_name}#{self.entity_id}>"


class AuditTrailIsReadOnly(RuntimeError):
    """Raised when code tries to change or remove a recorded event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditTrailIsReadOnly(f"audit event {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditTrailIsReadOnly(f"audit event {target.id} cannot be deleted")
