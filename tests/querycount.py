"""Counting the SQL a page runs: pages must not query once per row (no N+1)."""

from sqlalchemy import event

from extensions import db


def queries_for(client, url: str) -> int:
    """How many statements one successful GET of `url` sends to the database."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)
