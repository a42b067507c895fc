"""Dashboard figures: a fixed handful of GROUP BY queries per page, returned as plain data.

Every function takes a `Scope` (one year's meetings, or one meeting) and, where overdue
matters, `today`, so tests fix the clock. The number of queries never depends on the data
size. The definitions of every figure are in dashboard/scope.py; the department figures
live in dashboard/league.py and are re-exported here, so callers need only this module.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import extract, func, select

from dashboard.league import (  # noqa: F401  (re-exported)
    SORT_KEYS,
    DepartmentRow,
    Totals,
    department_rows,
    rank_departments,
    reply_categories,
    totals,
)
from dashboard.scope import (  # noqa: F401  (re-exported)
    MONTHS,
    Rate,
    Scope,
    active,
    as_int,
    group_key,
    year_bounds,
)
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion, Theme, opinion_theme
from participants.models import Participant, ParticipantKind
from responses.models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    Reply,
    ReplyPurpose,
    ReplyStatus,
)

# ---------------------------------------------------------------- opinions


@dataclass
class OpinionTotals:
    opinions: int = 0
    assigned: int = 0  # with at least one active assignment
    untagged: int = 0  # without any theme

    @property
    def assignment_rate(self) -> Rate:
        return Rate(self.assigned, self.opinions)


def opinion_totals(scope: Scope) -> OpinionTotals:
    """Three counts in one round trip; the distinct counts join rather than probe per row."""
    assigned = (
        select(func.count(func.distinct(Assignment.opinion_id)))
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(scope.opinions(), active(Assignment.status))
        .scalar_subquery()
    )
    tagged = (
        select(func.count(func.distinct(opinion_theme.c.opinion_id)))
        .join(Opinion, Opinion.id == opinion_theme.c.opinion_id)
        .where(scope.opinions())
        .scalar_subquery()
    )
    row = db.session.execute(
        select(func.count(Opinion.id), assigned, tagged).where(scope.opinions())
    ).one()
    opinions = as_int(row[0])
    return OpinionTotals(opinions, as_int(row[1]), opinions - as_int(row[2]))


def opinions_by_speaker_kind(scope: Scope) -> list[tuple[ParticipantKind, int]]:
    """Every speaker kind in the enum's order, zeros included."""
    kind = group_key(Participant.kind, "")
    stmt = (
        select(kind, func.count(Opinion.id))
        .join(Participant, Participant.id == Opinion.speaker_id)
        .where(scope.opinions())
        .group_by(kind)
    )
    counts: dict[ParticipantKind, int] = dict(db.session.execute(stmt).all())
    return [(kind, as_int(counts.get(kind))) for kind in ParticipantKind]


def opinions_by_theme(scope: Scope) -> list[tuple[str, int]]:
    """Themes with opinions, most frequent first (an opinion may carry several themes)."""
    n = func.count(opinion_theme.c.opinion_id)
    stmt = (
        select(Theme.name, n)
        .select_from(opinion_theme)
        .join(Theme, Theme.id == opinion_theme.c.theme_id)
        .join(Opinion, Opinion.id == opinion_theme.c.opinion_id)
        .where(scope.opinions())
        .group_by(Theme.id, Theme.name)
        .order_by(n.desc(), Theme.name)
    )
    return [(name, as_int(count)) for name, count in db.session.execute(stmt)]


# ---------------------------------------------------------------- trends and choices


@dataclass
class MonthTrend:
    month: int
    opinions: int = 0
    replies: int = 0
    commitments_done: int = 0


def _count_by_month(moment: Any, count: Any, *conditions: Any, join: tuple = ()) -> dict[int, int]:
    """Rows counted per calendar month of `moment`, where `conditions` hold."""
    month = extract("month", moment)
    stmt = select(month, func.count(count))
    if join:
        stmt = stmt.join(*join)
    rows = db.session.execute(stmt.where(*conditions).group_by(month))
    return {int(m): as_int(n) for m, n in rows}


def monthly_trends(year: int) -> list[MonthTrend]:
    """Twelve months of the year: opinions (by meeting month), replies, commitments done."""
    start, end = year_bounds(year)
    opinions = _count_by_month(
        Meeting.starts_at,
        Opinion.id,
        Meeting.starts_at >= start,
        Meeting.starts_at < end,
        join=(Meeting, Meeting.id == Opinion.meeting_id),
    )
    # Replies to members only come from lead assignments (co-handlers write inputs).
    replies = _count_by_month(
        Reply.submitted_at,
        Reply.id,
        Reply.submitted_at >= start,
        Reply.submitted_at < end,
        Reply.purpose == ReplyPurpose.REPLY,
        Reply.status == ReplyStatus.SUBMITTED,
    )
    done = _count_by_month(
        Commitment.done_at,
        Commitment.id,
        # NOT IN rather than == DONE: most commitments are done, so the status index
        # would only slow this down.
        Commitment.status.not_in((CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)),
        Commitment.done_at >= start,
        Commitment.done_at < end,
    )
    return [MonthTrend(m, opinions.get(m, 0), replies.get(m, 0), done.get(m, 0)) for m in MONTHS]


def meeting_years() -> list[int]:
    """Years in which meetings start, newest first."""
    year = extract("year", Meeting.starts_at)
    return sorted((int(y) for y in db.session.scalars(select(year).distinct())), reverse=True)


@dataclass
class MeetingLine:
    id: int
    title: str
    starts_at: datetime
    opinions: int


def meetings_of_year(year: int) -> list[MeetingLine]:
    """The year's meetings with their opinion counts, in date order (links to each page)."""
    start, end = year_bounds(year)
    stmt = (
        select(Meeting.id, Meeting.title, Meeting.starts_at, func.count(Opinion.id))
        .outerjoin(Opinion, Opinion.meeting_id == Meeting.id)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(Meeting.id, Meeting.title, Meeting.starts_at)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [MeetingLine(i, t, s, as_int(n)) for i, t, s, n in db.session.execute(stmt)]
