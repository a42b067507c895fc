"""Commitments in any reply: the fixtures of tests/responses/reply (two departments, two
members, a held meeting on 2030-05-20, a fixed office day 2030-06-10, A's opinion assigned
to department X), plus helpers for the reply form's commitment rows."""

from datetime import date

from extensions import db
from responses.models import Assignment, AssignmentStatus, Commitment, Reply
from tests.responses.reply.conftest import (  # noqa: F401  (fixtures)
    GOOD_REPLY,
    TODAY,
    clock,
    request_ctx,
    world,
)

ORAL_B = {
    "category": "B",
    "channel": "oral",
    "contact_method": "forum",
    "text": "会上表示：年内新增普惠托位。",
}


def rows(*commitments: tuple[str, int | None, date | None], blanks: int = 0) -> dict:
    """Form fields for commitment rows: (text, department id, due date) each, then blanks."""
    data: dict = {}
    for n, (text, department_id, due) in enumerate(commitments):
        data[f"commitments-{n}-text"] = text
        data[f"commitments-{n}-department"] = "" if department_id is None else str(department_id)
        data[f"commitments-{n}-due_date"] = due.isoformat() if due else ""
    for n in range(len(commitments), len(commitments) + blanks):
        data[f"commitments-{n}-text"] = ""
        data[f"commitments-{n}-due_date"] = ""
    return data


def fresh_assignment(assignment_id: int) -> Assignment:
    db.session.expire_all()
    return db.session.get(Assignment, assignment_id)


def the_reply(assignment_id: int) -> Reply | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Reply).where(Reply.assignment_id == assignment_id))


def all_commitments() -> list[Commitment]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Commitment).order_by(Commitment.id)))


def status_of(assignment_id: int) -> AssignmentStatus:
    return fresh_assignment(assignment_id).status
