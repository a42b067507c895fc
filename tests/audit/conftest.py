"""Helpers for audit tests."""

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from extensions import db


@pytest.fixture
def events(app):
    """Reads the trail fresh from the database, optionally for one table."""

    def read(table: str | None = None) -> list[AuditEvent]:
        db.session.expire_all()
        query = select(AuditEvent).order_by(AuditEvent.id)
        if table:
            query = query.where(AuditEvent.table_name == table)
        return list(db.session.scalars(query))

    return read
