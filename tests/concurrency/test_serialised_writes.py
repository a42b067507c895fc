"""The row lock behind agenda moves and assigns, shown deterministically: a second writer
that starts while the first has written but not yet committed waits for it and then works
on what it committed (on SQLite and PostgreSQL). Without the lock the second would act on
what it read before: two agenda items at one position, or a second department assigned.
"""

import threading
import time

import pytest
from sqlalchemy import select

from common.errors import RuleViolation
from extensions import db
from meetings import agenda
from meetings.models import AgendaItem, Meeting
from opinions import services as opinions
from opinions.models import Opinion
from participants.models import Department
from responses import assignments
from responses.models import Assignment
from tests import factories

HOLD = 0.8  # seconds the first writer keeps its transaction open after writing


def in_thread(app, work, done: threading.Event | None = None) -> dict:
    """Run `work()` in its own app context (its own session and connection)."""
    result: dict = {}

    def run() -> None:
        with app.app_context():
            try:
                result["value"] = work()
            except Exception as error:  # noqa: BLE001  (the test reads it)
                db.session.rollback()
                result["error"] = error
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    result["thread"] = thread
    return result


def first_and_second(app, first, second) -> tuple[dict, dict]:
    """`first` writes and holds its transaction; `second` starts meanwhile."""
    written = threading.Event()

    def hold():
        value = first()
        written.set()
        time.sleep(HOLD)
        db.session.commit()
        return value

    def then():
        assert written.wait(30)
        value = second()
        db.session.commit()
        return value

    a = in_thread(app, hold)
    b = in_thread(app, then)
    for result in (a, b):
        result["thread"].join(60)
    return a, b


@pytest.fixture
def six(app) -> int:
    meeting = factories.make_meeting("串行议程会", status="scheduled")
    for n in range(1, 7):
        factories.make_agenda_item(meeting, title=f"第{n}项")
    db.session.commit()
    return meeting.id


def titles(meeting_id: int) -> list[str]:
    db.session.remove()
    return list(
        db.session.scalars(
            select(AgendaItem.title)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position)
        )
    )


def move(meeting_id: int, title: str, direction: str):
    def work():
        item = db.session.scalar(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.title == title)
        )
        item.meeting.status  # noqa: B018  (loaded before the other writer commits, as a view does)
        return agenda.move_agenda_item(item, direction)

    return work


def test_a_second_move_waits_and_moves_what_the_first_left(app, six):
    # 3 goes up (3 2 order), then 4 goes up past what is now at position 3: item 2.
    a, b = first_and_second(app, move(six, "第3项", "up"), move(six, "第4项", "up"))
    assert "error" not in a and "error" not in b, (a.get("error"), b.get("error"))
    assert titles(six) == ["第1项", "第3项", "第4项", "第2项", "第5项", "第6项"]


def test_add_and_delete_in_parallel_keep_positions_dense(app, six):
    def add():
        meeting = db.session.get(Meeting, six)
        return agenda.add_agenda_item(meeting, {"kind": "other", "title": "合影"}).id

    def delete():
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "第2项"))
        agenda.delete_agenda_item(item)

    a, b = first_and_second(app, add, delete)
    assert "error" not in a and "error" not in b, (a.get("error"), b.get("error"))
    assert titles(six) == ["第1项", "第3项", "第4项", "第5项", "第6项", "合影"]
    positions = db.session.scalars(
        select(AgendaItem.position).where(AgendaItem.meeting_id == six)
    ).all()
    assert sorted(positions) == [1, 2, 3, 4, 5, 6]


def test_a_second_assign_waits_and_finds_the_opinion_assigned(app):
    meeting = factories.make_meeting("串行交办会", status="held")
    speaker = factories.make_participant("串行委员")
    factories.make_invitation(meeting, speaker, role="speaker")
    opinion = opinions.submit_opinion(meeting, speaker, {"title": "一条意见"})
    first_dept = factories.make_department("串行甲局")
    second_dept = factories.make_department("串行乙局")
    db.session.commit()
    ids = (opinion.id, first_dept.id, second_dept.id)

    def assign_to(department_id: int):
        def work():
            found = db.session.get(Opinion, ids[0])
            found.assignments  # noqa: B018  (read before the other commits, as a view does)
            return assignments.assign(found, [db.session.get(Department, department_id)], "single")

        return work

    a, b = first_and_second(app, assign_to(ids[1]), assign_to(ids[2]))
    assert "error" not in a, a.get("error")
    assert isinstance(b.get("error"), RuleViolation) and b["error"].status == 409
    db.session.remove()
    live = db.session.scalars(select(Assignment).where(Assignment.opinion_id == ids[0])).all()
    assert [x.department_id for x in live] == [ids[1]]
