"""committees: one install for a city CPPCC and its districts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 04:22:22

A `committee` table, and a committee_id on every committee-owned table. An existing
database held one committee: it becomes one committee row named from the office settings
(its issuing body; the short name and level read off it, e.g. 政协云溪区委员会 -> 云溪区,
district), and every row is given to it. Department and theme names become unique within a
committee; issue numbers (第N期) are counted per committee. An empty database gets no
committee: the administrator creates the first one (flask committee create).
"""

import re
from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Every committee-owned table (the models' CommitteeOwned mixin), parents before children.
OWNED = [
    "app_user",
    "participant",
    "department",
    "theme",
    "office_settings",
    "meeting",
    "invitation",
    "agenda_item",
    "speaker_slot",
    "opinion",
    "suggestion",
    "consensus_point",
    "assignment",
    "assignment_event",
    "reply",
    "commitment",
    "progress_update",
    "rating",
    "notification",
    "report",
    "search_entry",
    "audit_event",
]
HAS_DATA = ["app_user", "participant", "department", "meeting", "office_settings"]
UNNAMED = "（未命名委员会）"

# search_entry's FTS5 triggers as 0005 made them: SQLite drops them with the table when the
# batch operation rebuilds it, so they are made again (kept verbatim, see 0005).
SQLITE_SEARCH_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF tokens ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]


def names_from(issuing_body: str) -> tuple[str, str, str]:
    """(name, short name, level) of the committee an issuing body names."""
    name = " ".join((issuing_body or "").split()) or UNNAMED
    match = re.fullmatch(r"(?:中国人民政治协商会议|政协)(.+?)(?:委员会)?", name)
    short = (match.group(1) if match else name)[:32]
    level = "county" if short.endswith("县") else "city" if short.endswith("市") else "district"
    return name, short, level


def upgrade():
    op.create_table(
        "committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=32), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "city", "district", "county", name="committeelevel", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["committee.id"], name=op.f("fk_committee_parent_id_committee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee")),
        sa.UniqueConstraint("name", name=op.f("uq_committee_name")),
        sa.UniqueConstraint("short_name", name=op.f("uq_committee_short_name")),
    )
    op.create_index(op.f("ix_committee_parent_id"), "committee", ["parent_id"], unique=False)

    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    committee_id = _the_existing_committee(connection)

    for table in OWNED:
        op.add_column(table, sa.Column("committee_id", sa.Integer(), nullable=True))
    if committee_id is not None:
        if postgres:  # the audit trail refuses updates (0002): this one is the migration's
            op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_read_only")
        for table in OWNED:
            connection.execute(
                sa.text(f"UPDATE {table} SET committee_id = :c"), {"c": committee_id}
            )
        if postgres:
            op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_read_only")
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("committee_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(
                batch_op.f(f"ix_{table}_committee_id"), ["committee_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_committee_id_committee"),
                "committee",
                ["committee_id"],
                ["id"],
            )
            if table == "department":
                batch_op.drop_constraint("uq_department_name", type_="unique")
                batch_op.create_unique_constraint(
                    "uq_department_committee_name", ["committee_id", "name"]
                )
            elif table == "theme":
                batch_op.drop_constraint("uq_theme_name", type_="unique")
                batch_op.create_unique_constraint(
                    "uq_theme_committee_name", ["committee_id", "name"]
                )
            elif table == "office_settings":
                batch_op.create_unique_constraint(
                    "uq_office_settings_committee_id", ["committee_id"]
                )
    if not postgres:
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)

    _number_per_committee(connection, committee_id)


def _the_existing_committee(connection) -> int | None:
    """The one committee an existing install held, named from its settings; None when the
    database is empty."""
    if not any(
        connection.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() for table in HAS_DATA
    ):
        return None
    issuing_body = connection.execute(
        sa.text("SELECT issuing_body FROM office_settings ORDER BY id LIMIT 1")
    ).scalar()
    name, short, level = names_from(issuing_body or "")
    now = datetime.now()
    connection.execute(
        sa.text(
            "INSERT INTO committee (name, short_name, level, created_at, updated_at)"
            " VALUES (:name, :short, :level, :now, :now)"
        ),
        {"name": name, "short": short, "level": level, "now": now},
    )
    return connection.execute(sa.text("SELECT id FROM committee")).scalar_one()


def _number_per_committee(connection, committee_id: int | None) -> None:
    """document_sequence: (committee_id, kind) instead of kind alone, numbers kept."""
    rows = connection.execute(sa.text("SELECT kind, next_number FROM document_sequence")).all()
    op.drop_table("document_sequence")
    sequence = op.create_table(
        "document_sequence",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_document_sequence_committee_id_committee"),
        ),
        sa.PrimaryKeyConstraint("committee_id", "kind", name=op.f("pk_document_sequence")),
    )
    if rows and committee_id is not None:
        op.bulk_insert(
            sequence,
            [{"committee_id": committee_id, "kind": k, "next_number": n} for k, n in rows],
        )


def downgrade():
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    rows = connection.execute(
        sa.text("SELECT kind, MAX(next_number) FROM document_sequence GROUP BY kind")
    ).all()
    op.drop_table("document_sequence")
    sequence = op.create_table(
        "document_sequence",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_document_sequence")),
    )
    if rows:
        op.bulk_insert(sequence, [{"kind": k, "next_number": n} for k, n in rows])
    for table in reversed(OWNED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "department":
                batch_op.drop_constraint("uq_department_committee_name", type_="unique")
                batch_op.create_unique_constraint("uq_department_name", ["name"])
            elif table == "theme":
                batch_op.drop_constraint("uq_theme_committee_name", type_="unique")
                batch_op.create_unique_constraint("uq_theme_name", ["name"])
            elif table == "office_settings":
                batch_op.drop_constraint("uq_office_settings_committee_id", type_="unique")
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_committee_id_committee"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_committee_id"))
            batch_op.drop_column("committee_id")
    if not postgres:
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)
    op.drop_index(op.f("ix_committee_parent_id"), table_name="committee")
    op.drop_table("committee")
