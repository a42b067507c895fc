"""The agenda (议程): ordered steps of a meeting, positions kept dense 1..n."""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import case, select, update
from sqlalchemy.orm.attributes import set_committed_value

from common.converters import is_id
from common.errors import RuleViolation
from common.locking import lock_row
from common.ordering import DIRECTIONS, neighbour
from extensions import db
from meetings import services
from meetings.models import AgendaItem, AgendaKind, Meeting
from participants.models import Department, Participant

MAX_PLANNED_MINUTES = 600
AGENDA_FIELDS = (
    "kind",
    "title",
    "presenter_id",
    "department_id",
    "planned_minutes",
    "notes",
    "text",
)


def get_agenda_item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    """The item, provided it belongs to this meeting (another meeting's id is a 404)."""
    if not is_id(item_id):  # INTEGER column: a larger id is a miss, not an overflow
        abort(404)
    item = db.get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return item


def active_departments() -> list[Department]:
    return list(
        db.session.scalars(
            select(Department).where(Department.active.is_(True)).order_by(Department.name)
        )
    )


def _apply(item: AgendaItem, data: dict) -> None:
    unknown = set(data) - set(AGENDA_FIELDS)
    if unknown:
        raise ValueError(f"unknown agenda fields: {sorted(unknown)}")
    if "kind" in data:
        item.kind = AgendaKind(data["kind"])
    if "title" in data:
        item.title = (data["title"] or "").strip()
    if "notes" in data:
        item.notes = (data["notes"] or "").strip()
    if "text" in data:
        # What was said keeps its paragraphs; only the ends are trimmed.
        item.text = (data["text"] or "").strip()
    if "planned_minutes" in data:
        minutes = data["planned_minutes"]
        if minutes is not None and not 1 <= minutes <= MAX_PLANNED_MINUTES:
            raise RuleViolation(
                _(
                    "Planned minutes must be between 1 and %(max)s.",
                    max=MAX_PLANNED_MINUTES,
                )
            )
        item.planned_minutes = minutes
    if "presenter_id" in data:
        presenter_id = data["presenter_id"]
        if presenter_id is not None and db.session.get(Participant, presenter_id) is None:
            raise RuleViolation(_("The chosen person does not exist."))
        item.presenter_id = presenter_id
    if "department_id" in data:
        department_id = data["department_id"]
        if department_id is not None and db.session.get(Department, department_id) is None:
            raise RuleViolation(_("The chosen department does not exist."))
        item.department_id = department_id
    if not item.title:
        # An untitled step reads as its kind (情况通报, 主席总结 ...).
        item.title = str(item.kind.label)


def _locked_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in order, read fresh under the meeting's row lock.

    Every agenda write takes the lock first, so parallel moves, adds and deletes of one
    meeting run one after the other, each on the positions the previous one left: two items
    never end at one position (the unique meeting × position index says so too).
    """
    lock_row(meeting)
    services.ensure_editable(meeting)
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
            .execution_options(populate_existing=True)
        )
    )


def _store_order(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Positions 1..n in this order, dense. Two statements, so that the unique index never
    sees two rows at one position mid-way (both backends check it row by row): first every
    item to its new place negated, then all of them flipped positive."""
    table = AgendaItem.__table__
    if items:
        targets = {item.id: position for position, item in enumerate(items, start=1)}
        negated = case({item_id: -p for item_id, p in targets.items()}, value=table.c.id)
        where = table.c.id.in_(targets)
        db.session.execute(update(table).where(where).values(position=negated))
        db.session.execute(update(table).where(where).values(position=-table.c.position))
        for item in items:
            set_committed_value(item, "position", targets[item.id])
    db.session.expire(meeting, ["agenda_items"])


def add_agenda_item(meeting: Meeting, data: dict) -> AgendaItem:
    """Append a step at the end. `data` holds AGENDA_FIELDS (kind is required)."""
    if "kind" not in data:
        raise RuleViolation(_("Choose the kind of agenda item."))
    item = AgendaItem(meeting_id=meeting.id, notes="", text="")
    _apply(item, data)
    items = _locked_items(meeting)
    item.position = max((i.position for i in items), default=0) + 1
    db.session.add(item)
    db.session.flush()
    _store_order(meeting, [*items, item])  # closes gaps others left
    return item


def update_agenda_item(item: AgendaItem, data: dict) -> AgendaItem:
    services.ensure_editable(item.meeting)
    _apply(item, data)
    db.session.flush()
    return item


def delete_agenda_item(item: AgendaItem) -> None:
    meeting = item.meeting
    items = _locked_items(meeting)
    if item not in items:
        return  # a parallel request (a double click) removed it already
    db.session.delete(item)
    db.session.flush()
    _store_order(meeting, [i for i in items if i is not item])


def move_agenda_item(item: AgendaItem, direction: str) -> bool:
    """Swap the item with its neighbour ("up" or "down"). False when already at that end."""
    if direction not in DIRECTIONS:
        raise RuleViolation(_("Choose whether to move the item up or down."))
    items = _locked_items(item.meeting)
    if item not in items:
        abort(404)  # deleted by a parallel request
    other = neighbour(items, item, direction)
    if other is not None:
        i, j = items.index(item), items.index(other)
        items[i], items[j] = other, item
    _store_order(item.meeting, items)
    return other is not None


def planned_minutes_total(meeting: Meeting) -> int:
    return sum(item.planned_minutes or 0 for item in meeting.agenda_items)


def meeting_minutes(meeting: Meeting) -> int:
    return int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
