"""The tracking table's light rows say exactly what the ORM objects said, and its label cache
keeps enums with the same value apart."""

from datetime import date

from flask import g

from demo.generate import generate
from extensions import db
from office.services import get_settings
from reports import records
from reports.records import label_text, tracking_context
from responses.assignments import assign
from responses.board import BoardFilter, OpinionState, board_opinions_query
from responses.models import AssignmentStatus
from tests.responses.assign.conftest import answer
from tests.responses.board_speed.conftest import TODAY, empty_database


def row_key(row) -> tuple:
    return (
        row.number,
        row.meeting.id,
        row.meeting.title,
        row.meeting.starts_at,
        row.opinion.id,
        row.opinion.title,
        row.speaker.name,
        row.assignment.id if row.assignment else None,
        row.department.name if row.department else None,
        row.department.short_name if row.department else None,
        row.mode,
        row.role,
        row.due_date,
        row.state,
        row.opinion_state,
        row.reply.id if row.reply else None,
        row.category,
        row.rating,
        row.overdue_reply,
        row.overdue_commitments,
        row.overdue,
        row.status_label,
        row.assignment.status if row.assignment else None,
    )


def orm_rows(year: int, today: date) -> list[tuple]:
    """The table as it was built before: ORM objects through the same row builder."""
    opinions = db.session.scalars(board_opinions_query(BoardFilter(year=year))).unique()
    ordered = sorted(opinions, key=lambda o: (o.meeting.starts_at, o.meeting_id, o.position, o.id))
    rows = []
    for opinion in ordered:
        rows.extend(records._rows_for(opinion, today, len(rows) + 1))
    return [row_key(r) for r in rows]


def test_light_rows_equal_the_orm_rows_on_generated_data(app, today):
    empty_database()
    generate(years=3, scale=0.02, today=TODAY)
    with app.test_request_context():
        for year in (TODAY.year - 2, TODAY.year - 1):
            context = tracking_context(year=year, today=TODAY)
            light = [row_key(r) for r in context["rows"]]
            assert len(light) > 10
            assert light == orm_rows(year, TODAY)
            states = {r.opinion.id: r.opinion_state for r in context["rows"]}
            assert context["opinion_count"] == len(states)
            assert sum(context["state_counts"].values()) == len(states)


def test_status_labels_of_lead_and_co_handler_stay_apart(world, app):
    """OpinionState.REPLIED and AssignmentStatus.REPLIED are both "replied" (StrEnum)."""
    lead, co = assign(world.opinion(), [world.education], "joint", lead=world.health, today=TODAY)
    answer(lead)
    co.status = AssignmentStatus.REPLIED
    get_settings().issuing_body = "政协测试区委员会"  # the table's title names its issuer
    db.session.commit()
    with app.test_request_context():
        rows = tracking_context(meeting=world.meeting, today=TODAY)["rows"]
        labels = {r.department.name: r.status_label for r in rows}
        assert labels == {
            "区卫健局": str(OpinionState.REPLIED.label),
            "区教育局": str(AssignmentStatus.REPLIED.label),
        }
        assert labels["区卫健局"] != labels["区教育局"]
        assert label_text(OpinionState.DONE) == str(OpinionState.DONE.label)
        assert len(g._record_labels) == 3
