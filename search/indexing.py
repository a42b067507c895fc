"""Keeping the search index current: on every ORM flush, and in bulk for loaders.

`after_flush` (hooked into db.session by search.models): new source rows are indexed,
rows whose text changed are re-indexed, deleted ones leave the index (with whatever
hung below them), all through the flush's own connection, so a rollback takes the
index change with it.
Writes that bypass the ORM (bulk loaders using Core) call `rebuild_index()` afterwards.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    delete,
    event,
    insert,
    inspect,
    null,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from extensions import db
from meetings.models import Meeting
from opinions.models import ConsensusPoint, Opinion, Suggestion
from responses.models import Assignment, Commitment, Reply
from search.models import FTS_TABLE, GIN_INDEX, SQLITE_DDL, SQLITE_TRIGGERS, SearchEntry
from search.text import index_tokens, normalise

CHUNK = 500
MEETINGS_PER_BATCH = 20
ENTRY = SearchEntry.__table__

# kind -> (model, columns whose change means re-indexing)
SOURCES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "opinion": (Opinion, ("title", "body", "meeting_id")),
    "suggestion": (Suggestion, ("text", "opinion_id")),
    "reply": (Reply, ("text", "assignment_id")),
    "commitment": (Commitment, ("text", "reply_id", "department_id")),
    "consensus": (ConsensusPoint, ("text", "meeting_id")),
}
KIND_OF = {model: kind for kind, (model, _columns) in SOURCES.items()}


def _source_query(kind: str) -> Select:
    """Rows (object_id, meeting_id, opinion_id, assignment_id, department_id, content)."""
    if kind == "opinion":
        content = Opinion.title + "\n" + Opinion.body
        return select(Opinion.id, Opinion.meeting_id, Opinion.id, null(), null(), content)
    if kind == "suggestion":
        return select(
            Suggestion.id, Opinion.meeting_id, Opinion.id, null(), null(), Suggestion.text
        ).join(Opinion, Opinion.id == Suggestion.opinion_id)
    if kind in ("reply", "commitment"):
        # A commitment belongs to its own department (it may differ from the reply's).
        model, department = (
            (Reply, Assignment.department_id)
            if kind == "reply"
            else (Commitment, Commitment.department_id)
        )
        stmt = select(
            model.id, Opinion.meeting_id, Opinion.id, Assignment.id, department, model.text
        )
        if kind == "commitment":
            stmt = stmt.join(Reply, Reply.id == Commitment.reply_id)
        return stmt.join(Assignment, Assignment.id == Reply.assignment_id).join(
            Opinion, Opinion.id == Assignment.opinion_id
        )
    return select(
        ConsensusPoint.id, ConsensusPoint.meeting_id, null(), null(), null(), ConsensusPoint.text
    )


def _entry_rows(kind: str, rows: Iterable) -> list[dict]:
    entries = []
    for object_id, meeting_id, opinion_id, assignment_id, department_id, content in rows:
        content = content or ""
        if not content.strip():
            continue
        normalised = normalise(content)
        entries.append(
            {
                "kind": kind,
                "object_id": object_id,
                "meeting_id": meeting_id,
                "opinion_id": opinion_id,
                "assignment_id": assignment_id,
                "department_id": department_id,
                "content": content,
                "text": normalised,
                "tokens": index_tokens(normalised),
            }
        )
    return entries


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def index_objects(connection: Connection, kind: str, ids: Iterable[int]) -> int:
    """(Re)index these source rows of one kind; rows gone or emptied leave the index."""
    model = SOURCES[kind][0]
    written = 0
    for chunk in _chunks(sorted(set(ids))):
        connection.execute(delete(ENTRY).where(ENTRY.c.kind == kind, ENTRY.c.object_id.in_(chunk)))
        rows = connection.execute(_source_query(kind).where(model.id.in_(chunk)))
        entries = _entry_rows(kind, rows)
        if entries:
            connection.execute(insert(ENTRY), entries)
            written += len(entries)
    return written


def unindex(connection: Connection, pairs: Iterable[tuple[str, int]]) -> None:
    pairs = sorted(set(pairs))
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        connection.execute(delete(ENTRY).where(tuple_(ENTRY.c.kind, ENTRY.c.object_id).in_(chunk)))


def _changed(obj: object, columns: tuple[str, ...]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[column].history.has_changes() for column in columns)


def after_flush(session: Session, flush_context) -> None:
    """Session hook (search.models installs it on db.session)."""
    to_index: dict[str, set[int]] = {}
    gone: set[tuple[str, int]] = set()
    gone_opinions: set[int] = set()
    gone_meetings: set[int] = set()
    moved: set[int] = set()
    deleted = [
        state.obj() for state, (is_delete, _list_only) in flush_context.states.items() if is_delete
    ]  # explicit deletes and orphans removed by cascades
    for obj in deleted:
        if obj is None:
            continue
        kind = KIND_OF.get(type(obj))
        identity = inspect(obj).identity
        if identity is None:
            continue
        if kind is not None:
            gone.add((kind, identity[0]))
            if kind == "opinion":
                gone_opinions.add(identity[0])
        elif isinstance(obj, Meeting):
            gone_meetings.add(identity[0])
    for obj in list(session.new) + list(session.dirty):
        kind = KIND_OF.get(type(obj))
        if kind is None or obj in session.deleted or inspect(obj).was_deleted:
            continue
        if obj in session.new or _changed(obj, SOURCES[kind][1]):
            to_index.setdefault(kind, set()).add(obj.id)
        if kind == "opinion" and obj not in session.new and _changed(obj, ("meeting_id",)):
            moved.add(obj.id)  # what hangs below it moves with it
    if not (to_index or gone or gone_opinions or gone_meetings):
        return
    connection = session.connection()
    for opinion_id in moved:
        connection.execute(
            update(ENTRY)
            .where(ENTRY.c.opinion_id == opinion_id)
            .values(
                meeting_id=select(Opinion.meeting_id)
                .where(Opinion.id == opinion_id)
                .scalar_subquery()
            )
        )
    if gone:
        unindex(connection, gone)
    for column, ids in ((ENTRY.c.opinion_id, gone_opinions), (ENTRY.c.meeting_id, gone_meetings)):
        for chunk in _chunks(sorted(ids)):
            connection.execute(delete(ENTRY).where(column.in_(chunk)))
    for kind, ids in to_index.items():
        index_objects(connection, kind, ids)


def rebuild_index() -> int:
    """Rebuild the whole index from the source tables; returns the number of entries.

    For loaders that insert with SQLAlchemy Core. Runs in the current session's
    transaction (the caller commits).
    """
    return rebuild_index_on(db.session.connection())


def rebuild_index_on(connection: Connection) -> int:
    """rebuild_index on a given connection (migration 0005 indexes existing data with it).

    On SQLite the FTS5 triggers are dropped for the bulk insert and the full-text table
    rebuilt in one go, then the triggers come back (all in the caller's transaction).
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        for trigger in SQLITE_TRIGGERS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    connection.execute(delete(ENTRY))
    meeting_ids = list(
        connection.scalars(select(Meeting.id).order_by(Meeting.starts_at, Meeting.id))
    )
    order = {meeting_id: position for position, meeting_id in enumerate(meeting_ids)}
    kinds = {kind: position for position, kind in enumerate(SOURCES)}
    total = 0
    for start in range(0, len(meeting_ids), MEETINGS_PER_BATCH):
        batch = meeting_ids[start : start + MEETINGS_PER_BATCH]
        entries = []
        for kind, (model, _columns) in SOURCES.items():
            meeting_column = (
                ConsensusPoint.meeting_id if kind == "consensus" else Opinion.meeting_id
            )
            query = _source_query(kind).where(meeting_column.in_(batch)).order_by(model.id)
            entries += _entry_rows(kind, connection.execute(query))
        entries.sort(key=lambda e: (order[e["meeting_id"]], e["opinion_id"] or 0, kinds[e["kind"]]))
        for chunk_start in range(0, len(entries), 2000):
            connection.execute(insert(ENTRY), entries[chunk_start : chunk_start + 2000])
        total += len(entries)
    if connection.dialect.name == "postgresql":
        # Bulk inserts land in the GIN index's pending list, which every search would scan
        # linearly until a vacuum: merge it into the index now.
        connection.execute(text(f"SELECT gin_clean_pending_list('{GIN_INDEX}'::regclass)"))
    if sqlite:
        connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        for statement in SQLITE_DDL[1:]:
            connection.execute(text(statement))
    return total


# Every ORM write keeps the index current (app.py imports this module; nothing else to call).
if not event.contains(db.session, "after_flush", after_flush):
    event.listen(db.session, "after_flush", after_flush)
