"""The board's opinion states computed by the database, for counts and one page of opinions.

`responses.board.opinion_state` decides an opinion's state from its loaded assignments,
replies, ratings and commitments. Loading all of that for every opinion of ten years (21,000
opinions) to count them took seconds, so here the same decision is one SQL expression: each
active lead assignment gets the rank of its state in `OpinionState` order, the opinion takes
the lowest rank of its leads (none: UNASSIGNED). Counts, the per-meeting summary and the
state filter run on it; only the opinions of the page shown are loaded as objects.
tests/responses/board_speed checks the two agree on every opinion of a generated dataset.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from responses.board import (
    SATISFIED,
    AnySelect,
    AnySelectT,
    BoardFilter,
    OpinionState,
    board_opinions_query,
    opinion_scope,
)
from responses.lifecycle import ACTIVE_STATUSES
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Rating,
    Reply,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)

STATES = list(OpinionState)
RANK = {state: rank for rank, state in enumerate(STATES)}


def lead_ranks() -> AnySelect:
    """(opinion_id, rank): the lowest state rank among each opinion's active lead assignments.

    Mirrors responses.board.lead_assignment_state case by case.
    """
    submitted_reply = and_(
        Reply.purpose == ReplyPurpose.REPLY, Reply.status == ReplyStatus.SUBMITTED
    )
    latest_round = (
        select(func.max(Reply.round))
        .where(Reply.assignment_id == Assignment.id, submitted_reply)
        .correlate(Assignment)
        .scalar_subquery()
    )
    reply = aliased(Reply, name="latest_reply")
    rating = aliased(Rating, name="latest_rating")
    promised = aliased(Reply, name="promised_reply")
    open_promise = (
        exists()
        .where(
            Commitment.reply_id == promised.id,
            promised.assignment_id == Assignment.id,
            promised.status == ReplyStatus.SUBMITTED,
            Commitment.status != CommitmentStatus.DONE,
        )
        .correlate(Assignment)
    )
    stands = or_(reply.channel == ReplyChannel.ORAL, rating.value.in_(SATISFIED))
    rank = case(
        (Assignment.status == AssignmentStatus.DONE, RANK[OpinionState.DONE]),
        (Assignment.status == AssignmentStatus.REOPENED, RANK[OpinionState.ASSIGNED]),
        (
            and_(reply.id.is_(None), Assignment.status != AssignmentStatus.REPLIED),
            RANK[OpinionState.ASSIGNED],
        ),
        (reply.id.is_(None), RANK[OpinionState.REPLIED]),
        (and_(stands, ~open_promise), RANK[OpinionState.DONE]),
        (stands, RANK[OpinionState.RATED]),  # in follow-up: a promise is still open
        (rating.id.is_(None), RANK[OpinionState.REPLIED]),
        else_=RANK[OpinionState.RATED],
    )
    return (
        select(Assignment.opinion_id.label("opinion_id"), func.min(rank).label("rank"))
        .outerjoin(
            reply,
            and_(
                reply.assignment_id == Assignment.id,
                reply.purpose == ReplyPurpose.REPLY,
                reply.status == ReplyStatus.SUBMITTED,
                reply.round == latest_round,
            ),
        )
        .outerjoin(rating, rating.reply_id == reply.id)
        .where(Assignment.role == AssignmentRole.LEAD, Assignment.status.in_(ACTIVE_STATUSES))
        .group_by(Assignment.opinion_id)
    )


def _scoped(stmt: AnySelectT, filters: BoardFilter) -> AnySelectT:
    """The board's opinions (filters as board_opinions_query) for a statement on Opinion."""
    stmt = opinion_scope(stmt, filters)
    if filters.department_id is not None:
        handled = aliased(Assignment)
        stmt = stmt.where(
            exists().where(
                handled.opinion_id == Opinion.id,
                handled.department_id == filters.department_id,
                handled.status.in_(ACTIVE_STATUSES),
            )
        )
    return stmt


def _with_rank(stmt: AnySelect, filters: BoardFilter) -> tuple[AnySelect, ColumnElement[int]]:
    """Join the lead ranks (scoped like the opinions) and return (statement, rank column)."""
    # The ranks are narrowed to the meetings in scope (not the department: all leads count).
    scoped = opinion_scope(lead_ranks().join(Opinion, Opinion.id == Assignment.opinion_id), filters)
    ranks = scoped.subquery("lead_rank")
    # Inline literal, not a bound parameter: PostgreSQL must see the GROUP BY expression and
    # the selected one as the same.
    rank = func.coalesce(ranks.c.rank, literal_column(str(RANK[OpinionState.UNASSIGNED])))
    stmt = stmt.outerjoin(ranks, ranks.c.opinion_id == Opinion.id)
    return _scoped(stmt, filters), rank


@dataclass
class BoardSummary:
    """What the board counts: per state overall, and per meeting (newest meeting first)."""

    counts: dict[OpinionState, int]
    per_meeting: list[tuple[Meeting, dict[OpinionState, int]]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def board_summary(filters: BoardFilter, meetings: list[Meeting] | None = None) -> BoardSummary:
    """State counts of the filtered opinions, overall and per meeting (one aggregate query;
    one more unless `meetings`, e.g. board_meetings(), already holds the meetings)."""
    stmt, rank = _with_rank(select(Opinion.meeting_id), filters)
    stmt = stmt.add_columns(rank, func.count(Opinion.id)).group_by(Opinion.meeting_id, rank)
    counts = dict.fromkeys(OpinionState, 0)
    by_meeting: dict[int, dict[OpinionState, int]] = {}
    for meeting_id, state_rank, count in db.session.execute(stmt):
        state = STATES[state_rank]
        counts[state] += count
        by_meeting.setdefault(meeting_id, dict.fromkeys(OpinionState, 0))[state] += count
    if meetings is None and by_meeting:
        meetings = list(db.session.scalars(select(Meeting).where(Meeting.id.in_(list(by_meeting)))))
    # Newest first, then by id (a stable sort on id, then on the start, descending).
    ordered = sorted(
        sorted((m for m in meetings or () if m.id in by_meeting), key=lambda m: m.id),
        key=lambda m: m.starts_at,
        reverse=True,
    )
    return BoardSummary(counts, [(m, by_meeting[m.id]) for m in ordered])


def board_page(
    filters: BoardFilter, state: OpinionState | None, offset: int, limit: int
) -> list[Opinion]:
    """One page of the board's opinions (optionally in one state), loaded for display."""
    stmt = select(Opinion.id).join(Meeting, Meeting.id == Opinion.meeting_id)
    if state is None:
        stmt = _scoped(stmt, filters)
    else:
        stmt, rank = _with_rank(stmt, filters)
        stmt = stmt.where(rank == RANK[state])
    order = (Meeting.starts_at.desc(), Opinion.meeting_id, Opinion.position, Opinion.id)
    ids = list(db.session.scalars(stmt.order_by(*order).offset(offset).limit(limit)))
    if not ids:
        return []
    loaded = board_opinions_query(BoardFilter()).where(Opinion.id.in_(ids))
    return list(db.session.scalars(loaded).unique())


def opinion_states(filters: BoardFilter) -> dict[int, OpinionState]:
    """Every filtered opinion's state as the database computes it (for checks and tests)."""
    stmt, rank = _with_rank(select(Opinion.id), filters)
    return {
        opinion_id: STATES[state_rank]
        for opinion_id, state_rank in db.session.execute(stmt.add_columns(rank))
    }


@dataclass
class BoardPages:
    """Page numbers for the `pager` macro (templates/_forms.html)."""

    page: int
    pages: int

    def iter_pages(self, edge: int = 2, around: int = 2) -> Iterator[int | None]:
        """1 2 … 7 8 [9] 10 11 … 30 31: None marks a gap."""
        previous = 0
        for number in range(1, self.pages + 1):
            if number <= edge or number > self.pages - edge or abs(number - self.page) <= around:
                if number != previous + 1:
                    yield None
                yield number
                previous = number
