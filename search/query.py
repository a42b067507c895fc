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
    and_,
    bindparam,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
    text,
)
from sqlalchemy import true as sql_true

from accounts.models import Role
from accounts.policy import meeting_filter
from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion
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
from search.text import phrases_of, query_terms

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


def _opinion_where(*conditions: Any) -> ColumnElement[bool]:
    return exists().where(Opinion.id == E.opinion_id, *conditions)


def _own_opinion(user: Any) -> ColumnElement[bool]:
    own = Opinion.submitted_by_id == user.id
    if user.participant_id is not None:
        own = or_(own, Opinion.speaker_id == user.participant_id)
    return own


def _live_assignment(*conditions: Any) -> ColumnElement[bool]:
    return exists().where(
        Assignment.opinion_id == E.opinion_id,
        Assignment.status != AssignmentStatus.WITHDRAWN,
        *conditions,
    )


def scope_filter(user: Any) -> ColumnElement[bool]:
    """WHERE clause on SearchEntry (joined with Meeting): what `user` may read.

    secretariat, chair: everything. A department: opinions (and their suggestions)
    assigned to it and not withdrawn, its own replies (drafts and co-handler inputs too,
    as reply.view allows) and its commitments; consensus points of meetings it may view.
    A member: opinions `opinion.view` allows (their own, and those of announced meetings
    they are invited to), submitted replies to their own opinions (never a co-handler's
    input), consensus points of meetings they may view; no commitments.
    """
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if role in (Role.SECRETARIAT, Role.CHAIR):
        return sql_true()
    if role is Role.DEPARTMENT and user.department_id is not None:
        department = user.department_id
        return or_(
            and_(
                E.kind.in_(OPINION_KINDS), _live_assignment(Assignment.department_id == department)
            ),
            and_(
                E.kind == "reply",
                E.department_id == department,
                exists().where(
                    Assignment.id == E.assignment_id,
                    Assignment.status != AssignmentStatus.WITHDRAWN,
                ),
            ),
            and_(E.kind == "commitment", E.department_id == department),
            and_(E.kind == "consensus", meeting_filter(user)),
        )
    if role is Role.MEMBER:
        return or_(
            and_(
                E.kind.in_(OPINION_KINDS),
                or_(_opinion_where(_own_opinion(user)), meeting_filter(user)),
            ),
            and_(
                E.kind == "reply",
                _opinion_where(_own_opinion(user)),
                exists().where(
                    Reply.id == E.object_id,
                    Reply.status == ReplyStatus.SUBMITTED,
                    Reply.purpose == ReplyPurpose.REPLY,
                ),
            ),
            and_(E.kind == "consensus", meeting_filter(user)),
        )
    return false()


# --- filters -----------------------------------------------------------------------------


def _filter_clauses(filters: SearchFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.meeting_id is not None:
        clauses.append(E.meeting_id == filters.meeting_id)
    if filters.year is not None:
        clauses.append(Meeting.starts_at >= datetime(filters.year, 1, 1))
        clauses.append(Meeting.starts_at < datetime(filters.year + 1, 1, 1))
    if filters.speaker_kind is not None:
        clauses.append(
            _opinion_where(
                Participant.id == Opinion.speaker_id, Participant.kind == filters.speaker_kind
            )
        )
    if filters.department_id is not None:
        clauses.append(
            or_(
                and_(
                    E.kind.in_(OPINION_KINDS),
                    _live_assignment(Assignment.department_id == filters.department_id),
                ),
                and_(E.kind.in_(ANSWER_KINDS), E.department_id == filters.department_id),
            )
        )
    if filters.status is not None:
        clauses.append(
            or_(
                and_(
                    E.kind.in_(OPINION_KINDS),
                    exists().where(
                        Assignment.opinion_id == E.opinion_id,
                        Assignment.status == filters.status,
                    ),
                ),
                and_(
                    E.kind.in_(ANSWER_KINDS),
                    exists().where(
                        Assignment.id == E.assignment_id, Assignment.status == filters.status
                    ),
                ),
            )
        )
    if filters.category is not None:
        category = filters.category
        clauses.append(
            or_(
                and_(
                    E.kind.in_(OPINION_KINDS),
                    _live_assignment(
                        Reply.assignment_id == Assignment.id,
                        Reply.category == category,
                        Reply.purpose == ReplyPurpose.REPLY,
                        Reply.status == ReplyStatus.SUBMITTED,
                    ),
                ),
                and_(
                    E.kind == "reply",
                    exists().where(Reply.id == E.object_id, Reply.category == category),
                ),
                and_(
                    E.kind == "commitment",
                    exists().where(
                        Commitment.id == E.object_id,
                        Reply.id == Commitment.reply_id,
                        Reply.category == category,
                    ),
                ),
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
    where = [E.text.contains(phrase, autoescape=True) for phrase in phrases]
    where += [scope_filter(user), *_filter_clauses(filters)]
    if terms and dialect == "sqlite":
        return (
            select(E.id)
            .select_from(FTS)
            .join(E, E.id == FTS.c.rowid)
            .join(Meeting, Meeting.id == E.meeting_id)
            .where(text(f"{FTS_TABLE} MATCH :fts").bindparams(_fts_param(terms, dialect)))
            .where(*where)
            .order_by(FTS.c.rowid.desc())
        )
    query = select(E.id).join(Meeting, Meeting.id == E.meeting_id).where(*where)
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
    matching = _matching(phrases, user, filters)
    total = db.session.scalar(
        select(func.count()).select_from(matching.order_by(None).limit(COUNT_LIMIT + 1).subquery())
    )
    pages = max(1, math.ceil(min(total, COUNT_LIMIT) / PER_PAGE))
    page = min(max(page, 1), pages)
    ids = list(db.session.scalars(matching.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return SearchResults(
        query=query,
        phrases=phrases,
        items=_hits(ids, phrases),
        total=total,
        page=page,
    )


def _hits(ids: list[int], phrases: list[str]) -> list[SearchHit]:
    from search.text import snippet

    if not ids:
        return []
    rows = db.session.execute(
        select(
            E,
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
    by_id = {row[0].id: row for row in rows}
    hits = []
    for entry_id in ids:
        entry, meeting_title, starts_at, opinion_title, department_name = by_id[entry_id]
        content = entry.content
        if entry.kind == "opinion" and opinion_title and content.startswith(opinion_title):
            content = content[len(opinion_title) :].lstrip("\n") or content
            if any(p in entry.text[: len(opinion_title)] for p in phrases):
                content = entry.content  # the hit is in the title: show it
        hits.append(
            SearchHit(
                kind=entry.kind,
                object_id=entry.object_id,
                meeting_id=entry.meeting_id,
                meeting_title=meeting_title,
                meeting_starts_at=starts_at,
                opinion_id=entry.opinion_id,
                opinion_title=opinion_title or "",
                department_name=department_name or "",
                pieces=snippet(content, phrases),
            )
        )
    return hits
