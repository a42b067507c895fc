"""The committee record and the column every committee-owned record carries.

A committee is the body that runs its own 请你来协商: a city's CPPCC (市政协) or one of its
districts or counties (区/县政协). Its people, departments, meetings and documents are its
own; a city's staff read (never write) what its districts hold. Who reaches which
committee is decided in accounts.policy (committee_reach); this module only describes.
"""

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from committees.current import committee_for_new_row
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model


class CommitteeLevel(LabelledEnum):
    CITY = "city", _l("City committee")  # 市政协
    DISTRICT = "district", _l("District committee")  # 区政协
    COUNTY = "county", _l("County committee")  # 县政协


class Committee(TimestampMixin, Model):
    """One CPPCC committee of the install; districts and counties name their city as parent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The full name as an issuing body, e.g. 政协云溪区委员会 (the documents print the
    # office settings' issuing body, which starts as this name).
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # How people and the command line refer to it, e.g. 云溪区.
    short_name: Mapped[str] = mapped_column(String(32), unique=True)
    level: Mapped[CommitteeLevel] = mapped_column(enum_column_type(CommitteeLevel))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"), index=True)

    parent: Mapped["Committee | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Committee {self.id} {self.short_name}>"


def _committee_default(owner: Any) -> Any:
    """The default of `owner`'s committee_id: a child row takes its parent row's committee
    (an opinion its meeting's, a reply its assignment's), any other row the committee the
    work happens in (committees.current)."""
    parent = getattr(owner, "__committee_parent__", None)

    def default(context: Any) -> int:
        if parent is not None:
            column, table = parent
            parent_id = context.get_current_parameters().get(column)
            if parent_id is not None:
                found = context.connection.execute(
                    sa.select(sa.column("committee_id"))
                    .select_from(sa.table(table))
                    .where(sa.column("id") == parent_id)
                ).scalar()
                if found is not None:
                    return int(found)
        return committee_for_new_row(context.connection)

    return default


class CommitteeOwned:
    """Mixin: the record belongs to one committee. A class may name the parent it takes its
    committee from: `__committee_parent__ = ("meeting_id", "meeting")`."""

    @declared_attr
    def committee_id(cls) -> Mapped[int]:  # noqa: N805  (declared_attr takes the class)
        return mapped_column(
            ForeignKey("committee.id"), index=True, default=_committee_default(cls)
        )


# --- a child row takes its parent's committee before it is written ----------------------


def _model_of_table(table_name: str) -> type | None:
    for mapper in Model.registry.mappers:  # type: ignore[attr-defined]
        if mapper.persist_selectable.name == table_name:
            return mapper.class_  # type: ignore[no-any-return]
    return None


def parent_committee(session: Session, obj: Any) -> int | None:
    """The committee of a new row's parent, found in memory where possible (no query before
    the INSERT: on SQLite a read first would turn a waiting writer into a failing one)."""
    if getattr(obj, "committee_id", None) is not None:
        return int(obj.committee_id)
    parent_spec = getattr(type(obj), "__committee_parent__", None)
    if parent_spec is None:
        return None
    column, table = parent_spec
    parent = obj.__dict__.get(table)  # the relationship, when it is named like its table
    if parent is None and getattr(obj, column, None) is not None:
        model = _model_of_table(table)
        if model is not None:
            parent = session.get(model, getattr(obj, column))
    if parent is None:
        return None
    found = parent_committee(session, parent)
    if found is not None and getattr(parent, "committee_id", None) is None:
        parent.committee_id = found
    return found


def _fill_from_parents(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        for obj in list(session.new):
            if isinstance(obj, CommitteeOwned) and obj.committee_id is None:
                found = parent_committee(session, obj)
                if found is not None:
                    obj.committee_id = found


def install(session: Any) -> None:
    """Register the parent lookup on the app's session (create_app)."""
    if not event.contains(session, "before_flush", _fill_from_parents):
        event.listen(session, "before_flush", _fill_from_parents)
