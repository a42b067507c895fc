"""Migration 0009 applies to real data: duplicate live assignments (the old race's leftovers)
are merged - the oldest stays, the others are withdrawn with an event saying so - and
agenda positions shared or with gaps are renumbered 1..n before the unique rules arrive.
"""

import uuid
from datetime import date, datetime

import psycopg
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from extensions import db
from meetings.models import AgendaItem, AgendaKind
from opinions.models import Opinion
from responses.models import Assignment, AssignmentEvent, AssignmentStatus, HandlingMode
from tests.conftest import BACKENDS, make_test_app, postgres_url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm0009.sqlite'}"
        return
    server = make_url(postgres_url())
    name = f"m0009_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def put(connection, table_name: str, **values) -> int:
    """A row written in the schema of the moment (before 0009: no committee yet, no unique
    rules): columns the row does not name get a plain value when they may not be empty."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        python_type = column.type.python_type
        values[column.name] = (
            datetime(2030, 5, 20, 9, 0) if python_type is datetime else python_type()
        )
    return connection.execute(table.insert().values(**values).returning(table.c.id)).scalar_one()


def test_upgrade_merges_duplicate_assignments_and_renumbers_agendas(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0008")  # the schema before 0009: duplicates could be written
        with db.engine.begin() as connection:
            meeting_id = put(
                connection, "meeting", title="迁移前的会", kind="topical", status="held"
            )
            speaker = put(connection, "participant", name="迁移委员", kind="member")
            opinion = put(
                connection,
                "opinion",
                meeting_id=meeting_id,
                speaker_id=speaker,
                title="重复交办",
                channel="oral",
            )
            health = put(connection, "department", name="迁移卫健局")
            school = put(connection, "department", name="迁移教育局")

            def assignment(department: int, status: str = "assigned") -> int:
                return put(
                    connection,
                    "assignment",
                    opinion_id=opinion,
                    department_id=department,
                    mode="single",
                    role="lead",
                    status=status,
                    due_date=date(2031, 1, 10),
                )

            oldest, *racing = [assignment(health) for _ in range(3)]
            returned = assignment(health, "returned")
            other = assignment(school)
            for position, title in [(2, "乙"), (2, "丙"), (5, "丁"), (0, "甲")]:
                put(
                    connection,
                    "agenda_item",
                    meeting_id=meeting_id,
                    position=position,
                    kind="other",
                    title=title,
                )
        ids = {"oldest": oldest, "racing": racing, "returned": returned, "other": other}

        upgrade()
        status = dict(db.session.execute(select(Assignment.id, Assignment.status)).all())
        assert status[ids["oldest"]] == AssignmentStatus.ASSIGNED
        assert [status[i] for i in ids["racing"]] == [AssignmentStatus.WITHDRAWN] * 2
        assert status[ids["returned"]] == AssignmentStatus.RETURNED
        assert status[ids["other"]] == AssignmentStatus.ASSIGNED
        notes = db.session.scalars(
            select(AssignmentEvent.note).where(AssignmentEvent.assignment_id.in_(ids["racing"]))
        ).all()
        assert len(notes) == 2 and all("0009" in n for n in notes)
        agenda = db.session.execute(
            select(AgendaItem.position, AgendaItem.title)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position)
        ).all()
        assert [tuple(row) for row in agenda] == [(1, "甲"), (2, "乙"), (3, "丙"), (4, "丁")]

        # The rules now hold in the database itself.
        opinion = db.session.get(Opinion, db.session.get(Assignment, ids["oldest"]).opinion_id)
        with pytest.raises(IntegrityError):
            db.session.add(
                Assignment(
                    opinion=opinion,
                    department=db.session.get(Assignment, ids["oldest"]).department,
                    mode=HandlingMode.SINGLE,
                    status=AssignmentStatus.ASSIGNED,
                    due_date=date(2031, 1, 10),
                )
            )
            db.session.flush()
        db.session.rollback()
        db.session.add(AgendaItem(meeting_id=meeting_id, position=2, kind=AgendaKind.OTHER))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
