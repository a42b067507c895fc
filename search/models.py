"""The search index: one row per searchable text, plus a full-text index over its tokens.

`search_entry` lives in the metadata, so db.create_all creates it and the test cleanup
empties it. The full-text part is backend-specific and made by DDL events on that table
(and by migration 0005):

- SQLite: an FTS5 table `search_fts` with external content (the `tokens` column of
  search_entry), kept in step by triggers, so every insert/update/delete of an entry,
  including a plain DELETE FROM search_entry, updates it in the same transaction.
- PostgreSQL: a GIN index on array_to_tsvector(string_to_array(tokens, ' ')) (declared
  below, PostgreSQL only): the tokens as lexemes, no parser or dictionary involved;
  queries use @@ with a tsquery of the same tokens (prefix lexemes with :*).

FTS5 keeps its own tables (search_fts, search_fts_data, ...), which no model describes.
`include_name` tells Alembic's autogenerate to leave them alone (for migrations/env.py and
tests/test_migrations.py: configure(..., include_name=search.models.include_name)).
"""

from sqlalchemy import DDL, Index, String, Text, UniqueConstraint, event, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from committees.models import CommitteeOwned
from extensions import Model

KINDS = ("opinion", "suggestion", "reply", "commitment", "consensus")
FTS_TABLE = "search_fts"
GIN_INDEX = "ix_search_entry_tokens_gin"

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "tokens, content='search_entry', content_rowid='id',"
    " columnsize=0, detail=none, tokenize='ascii')",
    f"CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END",
    f"CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " END",
    f"CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE OF tokens ON search_entry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    f" INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_TRIGGERS = ("search_entry_ai", "search_entry_ad", "search_entry_au")
SQLITE_DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


class SearchEntry(CommitteeOwned, Model):
    """One searchable text: an opinion (title + problem), a suggestion, a reply, a
    commitment or a consensus point. Filters and permissions join the live tables through
    the ids kept here; only the text is copied."""

    __committee_parent__ = ("meeting_id", "meeting")

    __tablename__ = "search_entry"
    __table_args__ = (UniqueConstraint("kind", "object_id"),)
    __audit_exclude__ = True  # derived data: the source rows are audited

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int]
    meeting_id: Mapped[int] = mapped_column(index=True)
    opinion_id: Mapped[int | None] = mapped_column(index=True)
    assignment_id: Mapped[int | None] = mapped_column(index=True)  # replies, commitments
    department_id: Mapped[int | None]  # replies and commitments
    content: Mapped[str] = mapped_column(Text)  # the original text, for snippets
    text: Mapped[str] = mapped_column(Text)  # normalised (search.text.normalise)
    tokens: Mapped[str] = mapped_column(Text)  # search.text.index_tokens(text)


def _run(statements: list[str], dialect: str):
    def listener(_target, connection, **_kw) -> None:
        if connection.dialect.name == dialect:
            for statement in statements:
                connection.execute(DDL(statement))

    return listener


# PostgreSQL: the tokens as lexemes (no parser, no dictionary), GIN-indexed. Only there:
# SQLite has FTS5 instead (Alembic cannot compare expression indexes on SQLite and says so).
TOKENS_TSVECTOR = func.array_to_tsvector(
    func.string_to_array(SearchEntry.tokens, literal_column("' '"))
)
Index(GIN_INDEX, TOKENS_TSVECTOR, postgresql_using="gin").ddl_if(dialect="postgresql")

table = SearchEntry.__table__
event.listen(table, "after_create", _run(SQLITE_DDL, "sqlite"))
event.listen(table, "before_drop", _run(SQLITE_DROP, "sqlite"))


def include_name(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic name filter: the full-text structures above are not described by models."""
    if type_ == "table" and name is not None:
        return name != FTS_TABLE and not name.startswith(FTS_TABLE + "_")
    return True
