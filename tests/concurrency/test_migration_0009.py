"""Migration 0009 applies to real data: duplicate live assignments (the old race's leftovers)
are merged - the oldest stays, the others are withdrawn with an event saying so - and
agenda positions shared or with gaps are renumbered 1..n before the unique rules arrive.
"""

import uuid
from datetime import date

import psycopg
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from extensions import db
from meetings.models import AgendaItem, AgendaKind
from opinions.models import Opinion
from responses.models import Assignment, AssignmentEvent, AssignmentStatus, HandlingMode
from tests import factories
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


def assignment(opinion, department, status=AssignmentStatus.ASSIGNED) -> Assignment:
    made = Assignment(
        opinion=opinion,
        department=department,
        mode=HandlingMode.SINGLE,
        status=status,
        due_date=date(2031, 1, 10),
    )
    db.session.add(made)
    db.session.flush()
    return made


def test_upgrade_merges_duplicate_assignments_and_renumbers_agendas(empty_database_url):
    app = make_test_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="-1")  # the schema before 0009: duplicates could be written
        meeting = factories.make_meeting("迁移前的会", status="held")
        speaker = factories.make_participant("迁移委员")
        opinion = Opinion(
            meeting=meeting, speaker=speaker, title="重复交办", body="", channel="oral"
        )
        db.session.add(opinion)
        health, school = factories.make_department("迁移卫健局"), factories.make_department()
        oldest, *racing = [assignment(opinion, health) for _ in range(3)]
        returned = assignment(opinion, health, AssignmentStatus.RETURNED)
        other = assignment(opinion, school)
        for position, title in [(2, "乙"), (2, "丙"), (5, "丁"), (0, "甲")]:
            db.session.add(
                AgendaItem(meeting=meeting, position=position, kind=AgendaKind.OTHER, title=title)
            )
        db.session.commit()
        ids = {"oldest": oldest.id, "racing": [a.id for a in racing], "returned": returned.id}
        ids["other"], meeting_id = other.id, meeting.id
        db.session.remove()

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
            assignment(opinion, db.session.get(Assignment, ids["oldest"]).department)
        db.session.rollback()
        db.session.add(AgendaItem(meeting_id=meeting_id, position=2, kind=AgendaKind.OTHER))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
