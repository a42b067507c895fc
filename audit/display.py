"""The audit log as a clerk reads it: names instead of table/column codes, labels for values.

Events keep what was written (codes, ids, ISO dates); this module turns a page of them
into rows: enums by their label, booleans as yes/no, dates as the app prints them, and
foreign keys by the record's name (loaded once per table for the whole page).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select

from audit.labels import actor_label, field_label, table_label, yes_no
from audit.models import AuditEvent
from audit.services import MASK
from common.enums import LabelledEnum
from common.templating import format_datetime
from extensions import db

EMPTY = "—"
CLIP = 60  # a record named by its text shows the start of it


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class EventRow:
    event: AuditEvent
    actor: str
    record_type: str
    record: str
    changes: list[Change]


def _clip(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= CLIP else text[: CLIP - 1] + "…"


def _name_of(obj: object) -> str:
    for key in ("title", "name", "display_name", "username", "text", "message", "note"):
        value = getattr(obj, key, None)
        if isinstance(value, str) and value.strip():
            return _clip(value)
    return ""


# Records without a name of their own are named by what they belong to.
DESCRIBERS: dict[str, Callable[[Any], str]] = {
    "assignment": lambda a: f"{a.department.name} · {_clip(a.opinion.title)}",
    "reply": lambda r: f"{r.assignment.department.name} · {_clip(r.assignment.opinion.title)}",
    "invitation": lambda i: f"{i.participant.name} · {_clip(i.meeting.title)}",
    "speaker_slot": lambda s: s.participant.name,
    "rating": lambda r: r.value.label,
    "assignment_event": lambda e: e.kind.label,
    "opinion_theme": lambda _link: "",
    "consensus_opinion": lambda _link: "",
}


def describe(table: str, obj: object) -> str:
    describer = DESCRIBERS.get(table)
    return describer(obj) if describer is not None else _name_of(obj)


def _model_for(table: str) -> type | None:
    mappers = db.Model.registry.mappers  # type: ignore[attr-defined]  # made at run time
    for mapper in mappers:
        if getattr(mapper.persist_selectable, "name", None) == table:
            return mapper.class_
    return None


def _names(wanted: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """{(table, id): name} for every record asked for, one query per table."""
    names: dict[tuple[str, int], str] = {}
    for table, ids in wanted.items():
        model = _model_for(table)
        if model is None or not ids:
            continue
        key: tuple[sa.Column, ...] = sa.inspect(model).primary_key
        if len(key) != 1:
            continue
        obj: object
        for obj in db.session.scalars(select(model).where(key[0].in_(ids))):
            names[(table, getattr(obj, key[0].key))] = describe(table, obj)
    return names


def _column(table: str, name: str) -> sa.Column | None:
    table_obj = db.metadata.tables.get(table)
    return table_obj.columns.get(name) if table_obj is not None else None


def _target(column: sa.Column | None) -> str | None:
    if column is None:
        return None
    for key in column.foreign_keys:
        return key.column.table.name
    return None


def _value_formatters() -> dict[tuple[str, str], Callable[[Any], str]]:
    """Columns that store a code of their own (not an enum): their label function."""
    from responses.replies import contact_label

    return {("reply", "contact_method"): contact_label}


def _iso(value: str, with_time: bool) -> str:
    try:
        parsed = datetime.fromisoformat(value) if with_time else date.fromisoformat(value)
    except ValueError:
        return value
    return format_datetime(parsed, with_time=with_time)


def format_value(
    table: str,
    name: str,
    value: Any,
    names: dict[tuple[str, int], str],
    formatters: dict[tuple[str, str], Callable[[Any], str]],
) -> str:
    if value is None or value == "":
        return EMPTY
    if value == MASK:
        return MASK
    column = _column(table, name)
    if (table, name) in formatters:
        return str(formatters[(table, name)](value))
    if isinstance(value, bool):
        return yes_no(value)
    target = _target(column)
    if target is not None and isinstance(value, int):
        return names.get((target, value)) or f"{table_label(target)} #{value}"
    column_type = column.type if column is not None else None
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None and issubclass(enum_class, LabelledEnum):
        try:
            return enum_class(value).label
        except ValueError:
            return str(value)
    if isinstance(column_type, sa.DateTime) and isinstance(value, str):
        return _iso(value, with_time=True)
    if isinstance(column_type, sa.Date) and isinstance(value, str):
        return _iso(value, with_time=False)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _column_order(table: str) -> Callable[[tuple[str, Any]], tuple[int, str]]:
    table_obj = db.metadata.tables.get(table)
    order = {c.name: i for i, c in enumerate(table_obj.columns)} if table_obj is not None else {}
    return lambda item: (order.get(item[0], len(order)), item[0])


def _wanted(events: Iterable[AuditEvent]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if not event.label and event.entity_id is not None:
            wanted[event.table_name].add(event.entity_id)
        for name, values in (event.changes or {}).items():
            target = _target(_column(event.table_name, name))
            if target is not None:
                wanted[target].update(v for v in values if isinstance(v, int))
    return wanted


def present(events: list[AuditEvent]) -> list[EventRow]:
    """The page's events as readable rows, fields in the order of the table's columns."""
    names = _names(_wanted(events))
    formatters = _value_formatters()
    rows = []
    for event in events:
        table = event.table_name
        changes = [
            Change(
                field_label(table, name),
                format_value(table, name, values[0], names, formatters),
                format_value(table, name, values[1], names, formatters),
            )
            for name, values in sorted((event.changes or {}).items(), key=_column_order(table))
            if isinstance(values, list) and len(values) == 2
        ]
        record = event.label or names.get((table, event.entity_id or 0), "")
        rows.append(
            EventRow(
                event=event,
                actor=actor_label(event.actor_name),
                record_type=table_label(table),
                record=record,
                changes=changes,
            )
        )
    return rows
