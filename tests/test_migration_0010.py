"""Migration 0010 moves a single-committee database into one committee, nothing lost.

The generated history (the same generator as the benchmarks' 10-year data, smaller here:
MIGRATION_YEARS / MIGRATION_SCALE raise it) is written at the current schema, taken back
to 0009 (no committees), and upgraded again: every row is still there, every row belongs
to the one committee named from the office settings, issue numbers carry over, and names
are unique per committee from then on.
"""

import os
import uuid

import psycopg
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from committees.models import Committee, CommitteeLevel
from demo.generate import generate
from extensions import db
from tests.conftest import BACKENDS, make_test_app, postgres_url

YEARS = int(os.environ.get("MIGRATION_YEARS", "2"))
SCALE = float(os.environ.get("MIGRATION_SCALE", "0.05"))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm0010.sqlite'}"
        return
    server = make_url(postgres_url())
    name = f"m0010_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def row_counts(connection) -> dict[str, int]:
    names = sa.inspect(connection).get_table_names()
    skip = {"alembic_version", "committee"}
    return {
        name: connection.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
        for name in names
        if name not in skip and not name.startswith("search_fts")
    }


def test_upgrade_puts_an_existing_install_into_one_committee(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        upgrade()
        counts = generate(years=YEARS, scale=SCALE)
        assert counts["opinions"] > 0
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE office_settings SET issuing_body = '政协样例县委员会'")
            )
            connection.execute(
                sa.text("INSERT INTO document_sequence VALUES (:c, 'minutes', 13)"),
                {"c": connection.execute(sa.text("SELECT id FROM committee")).scalar_one()},
            )
        db.session.remove()

        downgrade(revision="0009")
        with db.engine.connect() as connection:
            assert "committee" not in sa.inspect(connection).get_table_names()
            before = row_counts(connection)
            assert before["opinion"] == counts["opinions"]
        upgrade()

        with db.engine.connect() as connection:
            assert row_counts(connection) == before
            committees = connection.execute(sa.select(Committee.__table__)).mappings().all()
            assert len(committees) == 1
            committee = committees[0]
            assert committee["name"] == "政协样例县委员会" and committee["short_name"] == "样例县"
            assert committee["level"] == CommitteeLevel.COUNTY.value
            for table in ("meeting", "opinion", "assignment", "reply", "app_user", "audit_event"):
                others = connection.execute(
                    sa.text(f"SELECT COUNT(*) FROM {table} WHERE committee_id != :c"),
                    {"c": committee["id"]},
                ).scalar_one()
                assert others == 0, table
            assert connection.execute(
                sa.text("SELECT committee_id, next_number FROM document_sequence")
            ).all() == [(committee["id"], 13)]
            department = connection.execute(sa.text("SELECT name FROM department")).scalar()

        # From now on a name is unique per committee: a second district may repeat it.
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO committee (name, short_name, level, created_at, updated_at)"
                    " VALUES ('政协另一区委员会', '另一区', 'district', :now, :now)"
                ),
                {"now": "2030-01-01 00:00:00"},
            )
            other = connection.execute(
                sa.text("SELECT id FROM committee WHERE short_name = '另一区'")
            ).scalar_one()
            connection.execute(
                sa.text(
                    "INSERT INTO department (name, short_name, aliases_text, contact_person,"
                    " phone, email, address, active, committee_id, created_at, updated_at)"
                    " VALUES (:name, '', '', '', '', '', '', :yes, :c, :now, :now)"
                ),
                {"name": department, "yes": True, "c": other, "now": "2030-01-01 00:00:00"},
            )
        db.session.remove()
        db.engine.dispose()
