"""Searching: candidates from the full-text index, an exact substring test, the user's scope.

    search(user, "托育", SearchFilters(year=2026), page=1) -> SearchResults

The full-text index (search.models) narrows the entries to those holding every token of
the query; the normalised text must then contain every phrase of the query (spaces
separate phrases). `scope_filter(user)` is the SQL form of the read permissions in
accounts.policy, so a result list never holds what the user could not open.
Results come newest first (entry ids follow the meetings' dates; re-indexed text moves
up). The count stops at COUNT_LIMIT: beyond that the page says "more than".
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    column,
    false,
    or_,
    select,
    table,
    text,
)
from sqlalchemy import true as sql_true

from accounts.models import Role
from accounts.policy import can, scope
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from participants.models import Department, Participant, ParticipantKind
from responses.models import (
    Assignment,
    AssignmentStatus,
    Commitment,
    Reply,
    ReplyCategory,
    ReplyPurpose,
    ReplyStatus,
)
from search.models import FTS_TABLE, SearchEntry
from search.text import normalise, phrases_of, query_terms, snippet

PER_PAGE = 20
COUNT_LIMIT = 1000
MAX_QUERY = 100
E = SearchEntry
FTS = table(FTS_TABLE, column("rowid"))
OPINION_KINDS = ("opinion", "suggestion")
ANSWER_KINDS = ("reply", "commitment")


@dataclass
class SearchFilters:
    meeting_id: int | None = None
    year: int | None = None
    department_id: int | None = None
    speaker_kind: ParticipantKind | None = None
    category: ReplyCategory | None = None
    status: AssignmentStatus | None = None
    committee_id: int | None = None  # within the committees the request reads


@dataclass
class SearchHit:
    kind: str
    object_id: int
    meeting_id: int
    meeting_title: str
    meeting_starts_at: datetime
    opinion_id: int | None
    opinion_title: str
    department_name: str
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_hit)


@dataclass
class SearchResults:
    query: str
    phrases: list[str]
    items: list[SearchHit]
    total: int  # capped at COUNT_LIMIT + 1
    page: int
    per_page: int = PER_PAGE

    @property
    def more_than_limit(self) -> bool:
        return self.total > COUNT_LIMIT

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, COUNT_LIMIT) / self.per_page))

    def iter_pages(self, edge: int = 2, around: int = 2):
        """Page numbers with None for gaps, like Flask-SQLAlchemy's Pagination."""
        last = 0
        for number in range(1, self.pages + 1):
            if number <= edge or number > self.pages - edge or abs(number - self.page) <= around:
                if last and number - last > 1:
                    yield None
                yield number
                last = number


# --- who may read what -------------------------------------------------------------------


# Each kind of entry is narrowed by the policy's scope for the record it was made from
# (accounts.scopes): uncorrelated IN (subquery) clauses the database builds once per search.


def _opinions_or_answers(opinion_ids: Any, answer_clause: Any) -> Any:
    """Opinion and suggestion entries of `opinion_ids`; replies and commitments where
    `answer_clause` holds (a filter on the handling matches both sides)."""
    return or_(
        and_(E.kind.in_(OPINION_KINDS), E.opinion_id.in_(opinion_ids)),
        and_(E.kind.in_(ANSWER_KINDS), answer_clause),
    )


def _ids(column: Any, *conditions: Any) -> Select[Any]:
    return select(column).where(*conditions)


def _live(*conditions: Any) -> list[Any]:
    return [Assignment.status != AssignmentStatus.WITHDRAWN, *conditions]


def scope_filter(user: Any) -> ColumnElement[bool]:
    """WHERE clause on SearchEntry: what `user` may read, kind by kind, as the policy says.

    Opinions and their suggestions follow opinion.view, replies reply.view, commitments
    commitment.view, consensus points the meeting they belong to (meeting.view).
    """
    if _role(user) in (Role.SECRETARIAT, Role.CHAIR):
        return sql_true()  # every kind of record: one clause, not five subqueries
    clauses = [
        (E.kind.in_(OPINION_KINDS), E.opinion_id, Opinion.id, "opinion.view"),
        (E.kind == "reply", E.object_id, Reply.id, "reply.view"),
        (E.kind == "commitment", E.object_id, Commitment.id, "commitment.view"),
        (E.kind == "consensus", E.meeting_id, Meeting.id, "meeting.view"),
    ]
    return or_(
        *(
            and_(kind, ref.in_(_ids(key, scope(user, action))))
            for kind, ref, key, action in clauses
            if can(user, action)
        ),
        false(),
    )


def _role(user: Any) -> Role | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


# --- filters -----------------------------------------------------------------------------


def _filter_clauses(filters: SearchFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.meeting_id is not None:
        clauses.append(E.meeting_id == filters.meeting_id)
    if filters.committee_id is not None:
        clauses.append(E.committee_id == filters.committee_id)
    if filters.year is not None:
        in_year = Meeting.starts_at.between(
            datetime(filters.year, 1, 1), datetime(filters.year, 12, 31, 23, 59, 59, 999999)
        )
        clauses.append(E.meeting_id.in_(_ids(Meeting.id, in_year)))
    if filters.speaker_kind is not None:
        speakers = _ids(Participant.id, Participant.kind == filters.speaker_kind)
        clauses.append(E.opinion_id.in_(_ids(Opinion.id, Opinion.speaker_id.in_(speakers))))
    if filters.department_id is not None:
        department = Assignment.department_id == filters.department_id
        clauses.append(
            _opinions_or_answers(
                _ids(Assignment.opinion_id, *_live(department)),
                E.department_id == filters.department_id,
            )
        )
    if filters.status is not None:
        status = Assignment.status == filters.status
        clauses.append(
            _opinions_or_answers(
                _ids(Assignment.opinion_id, status),
                E.assignment_id.in_(_ids(Assignment.id, status)),
            )
        )
    if filters.category is not None:
        category = Reply.category == filters.category
        answered = (
            select(Assignment.opinion_id)
            .join(Reply, Reply.assignment_id == Assignment.id)
            .where(
                *_live(category),
                Reply.purpose == ReplyPurpose.REPLY,
                Reply.status == ReplyStatus.SUBMITTED,
            )
        )
        committed = select(Commitment.id).join(Reply, Reply.id == Commitment.reply_id)
        clauses.append(
            or_(
                and_(E.kind.in_(OPINION_KINDS), E.opinion_id.in_(answered)),
                and_(E.kind == "reply", E.object_id.in_(_ids(Reply.id, category))),
                and_(E.kind == "commitment", E.object_id.in_(committed.where(category))),
            )
        )
    return clauses


# --- the query ---------------------------------------------------------------------------


def _fts_query(terms: list[tuple[str, bool]], dialect: str) -> str:
    if dialect == "postgresql":
        return " & ".join(f"'{token}'" + (":*" if prefix else "") for token, prefix in terms)
    return " AND ".join(f'"{token}"' + ("*" if prefix else "") for token, prefix in terms)


def _fts_param(terms: list[tuple[str, bool]], dialect: str) -> BindParameter:
    """The full-text query, rendered into the SQL (quoted by SQLAlchemy): PostgreSQL then
    plans with the real tokens (how many rows they match) instead of a generic plan."""
    return bindparam("fts", _fts_query(terms, dialect), literal_execute=True)


def _matching(phrases: list[str], user: Any, filters: SearchFilters):
    """SELECT of matching entry ids, newest first (no limit)."""
    dialect = db.session.get_bind().dialect.name
    terms = [term for phrase in phrases for term in query_terms(phrase)]
    # Cheap set lookups first (SQLite evaluates in this order), the substring tests last.
    where = [scope_filter(user), *_filter_clauses(filters)]
    where += [E.text.contains(phrase, autoescape=True) for phrase in phrases]
    if terms and dialect == "sqlite":
        return (
            select(E.id)
            .select_from(FTS)
            .join(E, E.id == FTS.c.rowid)
            .where(text(f"{FTS_TABLE} MATCH :fts").bindparams(_fts_param(terms, dialect)))
            .where(*where)
            .order_by(FTS.c.rowid.desc())
        )
    query = select(E.id).where(*where)
    if terms and dialect == "postgresql":
        query = query.where(
            text(
                "array_to_tsvector(string_to_array(search_entry.tokens, ' '))"
                " @@ CAST(:fts AS tsquery)"
            ).bindparams(_fts_param(terms, dialect))
        )
    # Without tokens (only punctuation or emoji) the substring test alone decides: a scan.
    return query.order_by(E.id.desc())


def search(
    user: Any, query: str, filters: SearchFilters | None = None, page: int = 1
) -> SearchResults:
    """One page of what `user` may read that contains every phrase of `query`."""
    filters = filters or SearchFilters()
    phrases = phrases_of(query[:MAX_QUERY])
    if not phrases:
        return SearchResults(query=query, phrases=[], items=[], total=0, page=1)
    if db.session.get_bind().dialect.name == "postgresql":
        # JIT compiling costs tens of milliseconds, more than these queries take to run;
        # the planner's estimates for the scope subqueries can trigger it. This transaction
        # only.
        db.session.execute(text("SET LOCAL jit = off"))
    matching = _matching(phrases, user, filters)
    # Up to COUNT_LIMIT + 1 matching ids, in no particular order (the index's own order).
    found = list(db.session.scalars(matching.order_by(None).limit(COUNT_LIMIT + 1)))
    total = len(found)
    pages = max(1, math.ceil(min(total, COUNT_LIMIT) / PER_PAGE))
    page = min(max(page, 1), pages)
    offset = (page - 1) * PER_PAGE
    if total <= COUNT_LIMIT:
        # All of them are here: sort them. (Asking the database for "newest 20" would let
        # it walk the table backwards testing every row: slow when few rows are visible.)
        ids = sorted(found, reverse=True)[offset : offset + PER_PAGE]
    else:  # plenty of hits: the newest ones come quickly in id order
        ids = list(db.session.scalars(matching.limit(PER_PAGE).offset(offset)))
    return SearchResults(
        query=query,
        phrases=phrases,
        items=_hits(ids, phrases),
        total=total,
        page=page,
    )


def _hits(ids: list[int], phrases: list[str]) -> list[SearchHit]:
    """The page's hits with their titles and snippets: one query, plain columns (no ORM
    objects, not the normalised text or the tokens)."""
    if not ids:
        return []
    rows = db.session.execute(
        select(
            E.id,
            E.kind,
            E.object_id,
            E.meeting_id,
            E.opinion_id,
            E.content,
            Meeting.title,
            Meeting.starts_at,
            Opinion.title,
            Department.name,
        )
        .join(Meeting, Meeting.id == E.meeting_id)
        .outerjoin(Opinion, Opinion.id == E.opinion_id)
        .outerjoin(Department, Department.id == E.department_id)
        .where(E.id.in_(ids))
    ).all()
    by_id = {row[0]: row for row in rows}
    hits = []
    for entry_id in ids:
        (
            _id,
            kind,
            object_id,
            meeting_id,
            opinion_id,
            content,
            meeting_title,
            starts_at,
            opinion_title,
            department_name,
        ) = by_id[entry_id]
        if kind == "opinion" and opinion_title and content.startswith(opinion_title):
            # An opinion's entry is "title\nproblem": show the problem unless the title hits.
            title_hit = any(p in normalise(opinion_title) for p in phrases)
            if not title_hit:
                content = content[len(opinion_title) :].lstrip("\n") or content
        hits.append(
            SearchHit(
                kind=kind,
                object_id=object_id,
                meeting_id=meeting_id,
                meeting_title=meeting_title,
                meeting_starts_at=starts_at,
                opinion_id=opinion_id,
                opinion_title=opinion_title or "",
                department_name=department_name or "",
                pieces=snippet(content, phrases),
            )
        )
    return hits
