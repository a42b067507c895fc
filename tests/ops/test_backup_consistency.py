"""A backup taken while another connection writes holds whole transactions only."""

import threading

from sqlalchemy import func, insert, select

from extensions import db
from participants.models import Participant

MARK = "backup-consistency"


def write_pairs(engine, stop: threading.Event, done: list[int]) -> None:
    """Each transaction inserts two rows; a consistent snapshot has an even count."""
    table = Participant.__table__
    n = 0
    while not stop.is_set() and n < 400:
        with engine.begin() as connection:
            for half in (1, 2):
                connection.execute(
                    insert(table).values(
                        name=f"写入{n}-{half}",
                        kind="citizen",
                        notes=MARK,
                        created_at=func.current_timestamp(),
                        updated_at=func.current_timestamp(),
                    )
                )
        n += 1
        done[0] = n


def test_backup_during_writes_is_a_consistent_snapshot(app, runner, tmp_path):
    engine = db.engine
    stop, done = threading.Event(), [0]
    writer = threading.Thread(target=write_pairs, args=(engine, stop, done))
    writer.start()
    try:
        while done[0] < 20:
            stop.wait(0.01)
        target = tmp_path / "during-writes.backup"
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    written = done[0]
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    in_backup = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.notes == MARK)
    )
    assert in_backup % 2 == 0
    assert 40 <= in_backup <= 2 * written
