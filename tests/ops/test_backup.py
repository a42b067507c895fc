"""backup / restore round-trip the demo data: every table row by row, on each backend."""

import sqlite3

from sqlalchemy import delete, select, update

from extensions import db
from meetings.models import Meeting
from opinions.models import opinion_theme
from participants.models import Participant
from responses.models import Rating
from tests import factories
from tests.ops.conftest import snapshot_all_tables


def load_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def spoil_the_data():
    db.session.execute(update(Meeting).values(title="被改掉的标题"))
    db.session.execute(delete(Rating))
    db.session.execute(delete(opinion_theme))
    with factories.in_committee("云溪区"):
        db.session.add(Participant(name="新来的人", kind="citizen"))
        db.session.commit()


def test_backup_restore_round_trip(app, runner, client, tmp_path):
    load_demo(runner)
    original = snapshot_all_tables()
    assert len(original["opinion"]) >= 8 and original["rating"]
    target = tmp_path / "backups" / "xst.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0 and "written to" in result.output

    spoil_the_data()
    assert snapshot_all_tables() != original

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    restored = snapshot_all_tables()
    assert restored.keys() == original.keys()
    for table in original:
        assert restored[table] == original[table], table
    # The restored database serves the app, and new rows get fresh ids.
    assert client.get("/healthz").status_code == 200
    with factories.in_committee("云溪区"):
        db.session.add(Participant(name="恢复后新增", kind="citizen"))
        db.session.commit()
    top = max(row[0] for row in original["participant"])
    assert db.session.scalar(select(Participant.id).where(Participant.name == "恢复后新增")) > top


def test_restore_asks_first_and_no_answer_changes_nothing(app, runner, tmp_path):
    load_demo(runner)
    target = tmp_path / "xst.backup"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    spoil_the_data()
    spoiled = snapshot_all_tables()
    result = runner.invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code != 0
    assert snapshot_all_tables() == spoiled


def test_refuses_files_of_another_backend_or_no_backup(app, runner, tmp_path):
    other = tmp_path / "other.backup"
    if db.engine.dialect.name == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
        expected = "PostgreSQL backup but this app runs on SQLite"
    else:
        sqlite3.connect(other).execute("CREATE TABLE meeting (id INTEGER)").connection.commit()
        expected = "SQLite backup but this app runs on PostgreSQL"
    result = runner.invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code != 0 and expected in result.output

    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup")
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0 and "neither a SQLite database nor a pg_dump" in result.output


def test_sqlite_refuses_a_foreign_database_and_the_live_file(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        return
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (id INTEGER)").connection.commit()
    result = runner.invoke(args=["restore", str(foreign), "--yes"])
    assert result.exit_code != 0 and "not one of this app" in result.output
    live = db.engine.url.database
    result = runner.invoke(args=["backup", live])
    assert result.exit_code != 0 and "cannot be the live database" in result.output
