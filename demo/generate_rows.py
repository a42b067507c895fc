"""The generator's rows: built in memory per table, then written in bulk.

Ids are handed out in insertion order and column defaults filled in, so the rows can go to
the database with Core executemany (SQLite) or COPY (PostgreSQL) in one transaction.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from extensions import db


class Rows:
    """Rows per table, with ids handed out in insertion order and defaults filled in."""

    def __init__(self, stamp: datetime):
        self.tables = db.metadata.tables
        self.rows: dict[str, list[dict]] = {}
        self.next_id: dict[str, int] = {}
        self.stamp = stamp
        self.committee_id: int | None = None  # every committee-owned row's, unless given

    def start_ids(self, connection) -> None:
        for name, table in self.tables.items():
            if "id" in table.c:
                top = connection.scalar(select(func.max(table.c.id)))
                self.next_id[name] = (top or 0) + 1

    def add(self, table: str, **values: object) -> int:
        """The new row's id; 0 for a table without one (links, counters)."""
        columns = self.tables[table].c
        if "id" in columns:
            values["id"] = self.next_id[table]
            self.next_id[table] += 1
        stamp = values.get("created_at", self.stamp)
        for column in columns:
            if column.name in values:
                continue
            default = column.default
            if column.name in ("created_at", "updated_at"):
                values[column.name] = stamp
            elif column.name == "committee_id":
                values[column.name] = self.committee_id
            elif isinstance(default, ScalarElementColumnDefault):
                values[column.name] = default.arg
            else:
                values[column.name] = None
        self.rows.setdefault(table, []).append(values)
        new_id = values.get("id")
        return new_id if isinstance(new_id, int) else 0

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


def insert(connection, table, batch: list[dict]) -> None:
    """Core executemany on SQLite; COPY on PostgreSQL (several times faster than INSERTs)."""
    if connection.dialect.name != "postgresql":
        for start in range(0, len(batch), 5000):
            connection.execute(table.insert(), batch[start : start + 5000])
        return
    names = [column.name for column in table.c]
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in batch:
            copy.write_row([_plain(row[name]) for name in names])


def _plain(value):
    return str(value) if isinstance(value, StrEnum) else value
