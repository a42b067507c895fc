"""On PostgreSQL the migrated schema itself refuses to change or remove audit events."""

import os
import uuid

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from extensions import db
from tests import factories
from tests.conftest import make_test_app, postgres_url

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="needs the throwaway PostgreSQL server"
)


@pytest.fixture
def migrated_postgres():
    server = make_url(postgres_url())
    name = f"guard_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    app = make_test_app(server.set(database=name).render_as_string(hide_password=False))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_trigger_refuses_update_and_delete(migrated_postgres):
    factories.make_department("区审计局")
    db.session.commit()
    for statement in ("UPDATE audit_event SET label = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="read-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(text("SELECT count(*) FROM audit_event")) == 1
