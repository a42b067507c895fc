"""Serialising writers on one record: a check-then-write rule holds under parallel requests.

`lock_row(obj)` makes every other transaction that locks the same row wait until this one
ends, so what the caller reads next includes their committed writes. PostgreSQL takes a row
lock (SELECT ... FOR UPDATE; its READ COMMITTED statements then see the latest commits).
SQLite has one writer at a time: a no-op UPDATE starts the write transaction now (pysqlite
opens it on the first write), waiting for the current writer (busy_timeout), before the
caller reads; a plain text statement so that no onupdate timestamp or audit row follows.
"""

from sqlalchemy import inspect, select, text

from extensions import Model, db


def lock_row(obj: Model) -> None:
    """Hold `obj`'s row until the transaction ends and expire it, so it reloads fresh."""
    db.session.flush()  # pending changes are written, not lost by the expiry below
    table = inspect(type(obj)).local_table
    row_id = inspect(obj).identity[0]
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(table.c.id).where(table.c.id == row_id).with_for_update())
    else:
        db.session.execute(text(f"UPDATE {table.name} SET id = id WHERE id = :id"), {"id": row_id})
    db.session.expire(obj)
