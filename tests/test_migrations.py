"""The migrations build the whole schema from an empty database, on SQLite and PostgreSQL."""

import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from extensions import db
from search.models import include_name
from tests.conftest import BACKENDS, make_test_app, postgres_url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server = make_url(postgres_url())
    name = f"migrate_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_upgrade_from_empty_builds_the_schema_the_models_describe(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"participant", "department", "meeting", "invitation", "agenda_item"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        db.engine.dispose()


def test_downgrade_to_empty_and_back(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "meeting" in inspect(db.engine).get_table_names()
        db.engine.dispose()
