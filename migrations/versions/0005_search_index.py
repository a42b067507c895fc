"""search index (search_entry + SQLite FTS5 / PostgreSQL GIN)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The full-text part as search/models.py makes it on create_all (kept verbatim here: a
# migration must not change when the models do).
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "tokens, content='search_entry', content_rowid='id',"
    " columnsize=0, detail=none, tokenize='ascii')",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF tokens ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
POSTGRES_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_search_entry_tokens_gin ON search_entry "
    "USING gin (array_to_tsvector(string_to_array(tokens, ' ')))"
]


def upgrade():
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('opinion_id', sa.Integer(), nullable=True),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_entry_kind'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entry_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entry_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entry_opinion_id'), ['opinion_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {'sqlite': SQLITE_DDL, 'postgresql': POSTGRES_DDL}.get(dialect, []):
        op.execute(statement)
    # Index what is already there (an upgraded installation has years of opinions).
    from search.indexing import rebuild_index_on

    rebuild_index_on(op.get_bind())


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_entry_tokens_gin")
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entry_opinion_id'))
        batch_op.drop_index(batch_op.f('ix_search_entry_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_search_entry_assignment_id'))

    op.drop_table('search_entry')
