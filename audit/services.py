"""Capture every ORM create/update/delete as an AuditEvent, in the same transaction.

`install()` hooks the Flask-SQLAlchemy session: `before_flush` reads the old values of
changed columns (fetching them from the database when the object had been expired), and
`after_flush` writes one event row per changed record through the flush's own connection.
A rollback therefore takes the events with it. Writes that bypass the unit of work
(`session.execute(update(...))`) are not seen: services change records through the ORM.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from flask import g, has_request_context, request
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from audit.models import AuditAction, AuditEvent
from committees.current import committee_for_new_row
from committees.models import Committee
from common.models import now
from extensions import db

MASK = "******"
SKIPPED_FIELDS = frozenset({"created_at", "updated_at"})  # the event has its own time
SENSITIVE_WORDS = ("password", "secret", "token")
_OLD_VALUES = "audit_old_values"
_ACTOR = "audit_actor"

_actor_override: contextvars.ContextVar[tuple[int | None, str] | None] = contextvars.ContextVar(
    "audit_actor_override", default=None
)


# --- who is acting ----------------------------------------------------------------------


@contextlib.contextmanager
def acting_as(name: str, user_id: int | None = None) -> Iterator[None]:
    """Name the actor for writes outside a request (CLI commands, the demo loader)."""
    token = _actor_override.set((user_id, name))
    try:
        yield
    finally:
        _actor_override.reset(token)


def current_actor() -> tuple[int | None, str, str]:
    """(user id, name snapshot, client address) of whoever causes the write."""
    address = (request.remote_addr or "") if has_request_context() else ""
    override = _actor_override.get()
    if override is not None:
        return override[0], override[1], address
    user = g.get("_login_user") if has_request_context() else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id, f"{user.display_name} ({user.username})"[:100], address
    return None, "system", address


# --- what changed -----------------------------------------------------------------------


def is_audited(obj: object) -> bool:
    return isinstance(obj, db.Model) and not getattr(type(obj), "__audit_exclude__", False)


def is_masked(cls: type, key: str) -> bool:
    return key in getattr(cls, "__audit_masked__", ()) or any(
        word in key.lower() for word in SENSITIVE_WORDS
    )


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def _column_keys(obj: object) -> list[str]:
    return [prop.key for prop in inspect(type(obj)).column_attrs if prop.key not in SKIPPED_FIELDS]


def _label(obj: object) -> str:
    state = inspect(obj)
    label = getattr(obj, "audit_label", None)
    if label is None:
        for key in ("title", "name", "username", "display_name"):
            if state.dict.get(key):
                label = state.dict[key]
                break
    return str(label or "")[:200]


def _entity_id(obj: object) -> int | None:
    mapper = inspect(type(obj))
    if len(mapper.primary_key) != 1:
        return None
    value = inspect(obj).dict.get(mapper.get_property_by_column(mapper.primary_key[0]).key)
    return value if isinstance(value, int) else None


def _value(cls: type, key: str, value: Any) -> Any:
    if value is NO_VALUE:
        return None
    return MASK if is_masked(cls, key) and value is not None else jsonable(value)


def _snapshot(obj: object, before: bool) -> dict:
    """Every filled-in column, as {field: [None, value]} (create) or [value, None] (delete).

    Empty values and the primary key (the event's entity_id) are left out: a new record's
    event then reads like the form that was filled in.
    """
    values = inspect(obj).dict
    mapper = inspect(type(obj))
    primary_keys = {mapper.get_property_by_column(column).key for column in mapper.primary_key}
    changes = {}
    for key in _column_keys(obj):
        value = values.get(key)
        if value is not None and value != "" and key not in primary_keys:
            shown = _value(type(obj), key, value)
            changes[key] = [shown, None] if before else [None, shown]
    return changes


def _updates(obj: object, fetched_old: dict) -> dict:
    state = inspect(obj)
    changes = {}
    for key in _column_keys(obj):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        new = history.added[0] if history.added else None
        old = history.deleted[0] if history.deleted else fetched_old.get(key, NO_VALUE)
        if old is not NO_VALUE and old == new:
            continue
        changes[key] = [_value(type(obj), key, old), _value(type(obj), key, new)]
    return changes


def _fetch_unknown_old_values(session: Session, obj: object) -> dict:
    """Old values of attributes that were set while expired (SQLAlchemy did not keep them)."""
    state = inspect(obj)
    unknown = [
        key
        for key, old in state.committed_state.items()
        if old is NO_VALUE and key in state.mapper.column_attrs
    ]
    if not unknown or state.key is None:
        return {}
    mapper = state.mapper
    columns = [mapper.column_attrs[key].columns[0] for key in unknown]
    where = [col == value for col, value in zip(mapper.primary_key, state.key[1], strict=True)]
    row = session.connection().execute(select(*columns).where(*where)).first()
    return dict(zip(unknown, row, strict=True)) if row is not None else {}


def _committee_of(session: Any, obj: object) -> int:
    """The committee whose audit log shows the event: the record's own; a new committee's
    parent (the city that created it), or itself."""
    committee_id = getattr(obj, "committee_id", None)
    if committee_id is None and isinstance(obj, Committee):
        committee_id = obj.parent_id or obj.id
    if committee_id is None:
        committee_id = committee_for_new_row(session.connection())
    return int(committee_id)


# --- the session hooks ------------------------------------------------------------------


def _before_flush(session: Session, _flush_context, _instances) -> None:
    old_values: dict[int, dict] = {}
    with session.no_autoflush:
        session.info[_ACTOR] = current_actor()
        for obj in session.dirty:
            if is_audited(obj):
                old_values[id(obj)] = _fetch_unknown_old_values(session, obj)
        for obj in session.deleted:
            if is_audited(obj):
                for key in _column_keys(obj):  # load an expired record before it goes
                    getattr(obj, key)
    session.info[_OLD_VALUES] = old_values


def _after_flush(session: Session, flush_context) -> None:
    old_values = session.info.pop(_OLD_VALUES, {})
    actor_id, actor_name, address = session.info.pop(_ACTOR, None) or current_actor()
    new = set(map(id, session.new))
    rows = []
    for state, (is_delete, list_only) in list(flush_context.states.items()):
        obj = state.obj()
        if obj is None or list_only or not is_audited(obj):
            continue
        if is_delete:
            action, changes = AuditAction.DELETE, _snapshot(obj, before=True)
        elif id(obj) in new:
            action, changes = AuditAction.CREATE, _snapshot(obj, before=False)
        else:
            changes = _updates(obj, old_values.get(id(obj), {}))
            if not changes:
                continue
            action = AuditAction.STATUS if "status" in changes else AuditAction.UPDATE
        rows.append(
            {
                "at": now(),
                "actor_id": actor_id,
                "actor_name": actor_name,
                "action": action,
                "table_name": state.mapper.persist_selectable.name,
                "entity_id": _entity_id(obj),
                "label": _label(obj),
                "changes": changes,
                "address": address[:64],
                "committee_id": _committee_of(session, obj),
            }
        )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def install() -> None:
    """Hook the capture into db.session (idempotent: several test apps share the session)."""
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
        event.listen(db.session, "after_flush", _after_flush)


# --- explicit events and reading the trail ----------------------------------------------


class Actor(Protocol):
    """Who acted, as record_event needs it (a User; audit does not import accounts)."""

    id: int
    display_name: str
    username: str


def record_event(
    action: str,
    obj: object,
    actor: Actor | None = None,
    address: str | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """An event that is not a row change, e.g. a sign-in; flushed with the caller's work."""
    actor_id, actor_name, current_address = current_actor()
    if actor is not None:
        actor_id, actor_name = actor.id, f"{actor.display_name} ({actor.username})"[:100]
    audit_event = AuditEvent(
        at=now(),
        actor_id=actor_id,
        actor_name=actor_name,
        action=AuditAction(action),
        table_name=inspect(type(obj)).persist_selectable.name,
        entity_id=_entity_id(obj),
        label=_label(obj),
        changes=changes or {},
        address=(address if address is not None else current_address)[:64],
        committee_id=_committee_of(db.session, obj),
    )
    db.session.add(audit_event)
    db.session.flush()
    return audit_event


def events_query(
    table: str | None = None,
    actor_id: int | str | None = None,
    action: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    entity_id: int | None = None,
):
    """Newest first, narrowed by whichever filters are given (actor "system": no user)."""

    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if table:
        query = query.where(AuditEvent.table_name == table)
    if actor_id == "system":
        query = query.where(AuditEvent.actor_id.is_(None))
    elif actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if action in {a.value for a in AuditAction}:
        query = query.where(AuditEvent.action == AuditAction(action))
    if date_from:
        query = query.where(AuditEvent.at >= datetime.combine(date_from, time.min))
    if date_to:
        query = query.where(AuditEvent.at < datetime.combine(date_to + timedelta(days=1), time.min))
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    return query


def audited_tables() -> list[str]:
    """Table names that appear in the trail, for the filter."""
    return list(
        db.session.scalars(select(AuditEvent.table_name).distinct().order_by(AuditEvent.table_name))
    )
