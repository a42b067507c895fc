"""one click, one record: form tokens, one live assignment per opinion x department,
one agenda item per position

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:30:00

Existing data is made to fit first: of duplicate live assignments (same opinion and
department, neither returned nor withdrawn) the oldest stays and the others are withdrawn,
with an event saying why; a meeting's agenda positions are renumbered 1..n in their current
order (position, then id).
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

LIVE = "status NOT IN ('returned', 'withdrawn')"
DUPLICATE_NOTE = "Withdrawn when duplicate assignments were merged (upgrade 0009)."


def upgrade():
    op.create_table(
        "form_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("answer_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_form_submission_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submission")),
        sa.UniqueConstraint("token", name=op.f("uq_form_submission_token")),
    )
    op.create_index(
        op.f("ix_form_submission_user_id"), "form_submission", ["user_id"], unique=False
    )

    connection = op.get_bind()
    withdraw_duplicate_assignments(connection)
    op.create_index(
        "uq_assignment_live_department",
        "assignment",
        ["opinion_id", "department_id"],
        unique=True,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )

    renumber_agendas(connection)
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_agenda_item_meeting_id"), ["meeting_id", "position"]
        )


def withdraw_duplicate_assignments(connection) -> None:
    duplicates = (
        connection.execute(
            sa.text(
                "SELECT a.id FROM assignment a WHERE a." + LIVE + " AND EXISTS ("
                " SELECT 1 FROM assignment older WHERE older.opinion_id = a.opinion_id"
                " AND older.department_id = a.department_id AND older."
                + LIVE
                + " AND older.id < a.id) ORDER BY a.id"
            )
        )
        .scalars()
        .all()
    )
    at = datetime.now().replace(microsecond=0)
    for assignment_id in duplicates:
        connection.execute(
            sa.text("UPDATE assignment SET status = 'withdrawn' WHERE id = :id"),
            {"id": assignment_id},
        )
        connection.execute(
            sa.text(
                "INSERT INTO assignment_event (assignment_id, kind, at, note)"
                " VALUES (:id, 'reassigned', :at, :note)"
            ),
            {"id": assignment_id, "at": at, "note": DUPLICATE_NOTE},
        )


def renumber_agendas(connection) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, meeting_id, position FROM agenda_item ORDER BY meeting_id, position, id"
        )
    ).all()
    wanted, last_meeting, position = [], None, 0
    for item_id, meeting_id, current in rows:
        position = position + 1 if meeting_id == last_meeting else 1
        last_meeting = meeting_id
        if current != position:
            wanted.append((item_id, position))
    # No constraint yet, so the new positions can be written one by one.
    for item_id, new_position in wanted:
        connection.execute(
            sa.text("UPDATE agenda_item SET position = :p WHERE id = :id"),
            {"p": new_position, "id": item_id},
        )


def downgrade():
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_agenda_item_meeting_id"), type_="unique")
    op.drop_index("uq_assignment_live_department", table_name="assignment")
    op.drop_index(op.f("ix_form_submission_user_id"), table_name="form_submission")
    op.drop_table("form_submission")
