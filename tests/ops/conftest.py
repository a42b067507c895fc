"""Helpers for the operations tests: a snapshot of every table in the database."""

import logging

import pytest
from sqlalchemy import inspect, text

from extensions import db


def snapshot_all_tables() -> dict[str, list[tuple]]:
    """Every table the database has (not only the models'), rows sorted, values as stored."""
    db.session.remove()
    tables = {}
    with db.engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()
            tables[name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


@pytest.fixture
def json_logging():
    """Undo what ops.logging.install does to the root logger after the test."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
