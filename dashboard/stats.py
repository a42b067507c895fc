"""Dashboard figures: a fixed handful of GROUP BY queries per page, returned as plain data.

Every function takes a `Scope` (one year's meetings, or one meeting) and, where overdue
matters, `today`, so tests fix the clock. The number of queries never depends on the data
size: each figure is one aggregate query; totals are summed from the per-department rows.

Definitions (the UI shows them next to the figures, so the secretariat can defend them):

- Opinions in scope: opinions of meetings that start in the year (or of the one meeting).
- Active assignment: not withdrawn (replaced by a reassignment) and not returned as "not
  ours"; those two are history, not work a department owes.
- Assignment rate = opinions with at least one active assignment / opinions.
- Lead assignment: an active assignment whose department answers the member (单办, each
  分办 department, the 会办 lead). Co-handlers (协办) send input to the lead: their input is
  never a reply, and they are not in the reply or on-time denominators.
- Reply rate = lead assignments with a submitted reply (any round) / lead assignments.
- On-time rate = lead assignments whose FIRST submitted reply is dated on or before the due
  date / (replied lead assignments + lead assignments still without a reply past their due
  date). Unreplied assignments not yet due are left out: they are neither on time nor late.
- Overdue replies (league table): lead assignments still owing a reply (first, or second
  after an unsatisfied rating) whose due date has passed — as on the follow-up board.
- Reply categories: the category of each lead assignment's LATEST submitted reply (a second
  round replaces the first).
- Satisfaction: every rating members gave to replies in scope (each round's reply is rated
  once); satisfaction rate = (satisfied + basically satisfied) / ratings.
- Commitments: promises made in submitted replies in scope; open = not done; overdue = not
  done and due before today.
- Trends by month (year only): opinions by the month of their meeting; replies by the month
  they were submitted and commitments by the month they were done, whatever the meeting's
  year — the work done in that month.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, exists, extract, func, select
from sqlalchemy.orm import aliased

from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion, Theme, opinion_theme
from participants.models import Department, Participant, ParticipantKind
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyPurpose,
    ReplyStatus,
)

INACTIVE = (AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED)
OWING = (AssignmentStatus.ASSIGNED, AssignmentStatus.REOPENED)
POSITIVE = (RatingValue.SATISFIED, RatingValue.BASICALLY)
MONTHS = range(1, 13)


def active(status_column) -> ColumnElement[bool]:
    """Not withdrawn or returned. Written as NOT IN on purpose: an IN list of the four
    common statuses tempts PostgreSQL (before ANALYZE, e.g. right after a bulk load) to
    read the status index for every opinion — 2 s instead of 5 ms on a 10-year dataset."""
    return status_column.not_in(INACTIVE)


@dataclass(frozen=True)
class Scope:
    """One year's meetings (by start date) or one meeting."""

    year: int | None = None
    meeting_id: int | None = None

    def opinions(self) -> ColumnElement[bool]:
        """WHERE clause on Opinion for the opinions in scope."""
        if self.meeting_id is not None:
            return Opinion.meeting_id == self.meeting_id
        start, end = year_bounds(self.year or date.today().year)
        return Opinion.meeting_id.in_(
            select(Meeting.id).where(Meeting.starts_at >= start, Meeting.starts_at < end)
        )


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


@dataclass(frozen=True)
class Rate:
    """A ratio that keeps its parts: shown as "—" when there is nothing to divide by."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{value * 100:.1f}%"

    def __str__(self) -> str:
        return self.percent


def _int(value) -> int:
    return int(value or 0)


def _key(column, empty):
    """A GROUP BY key SQLite cannot read from an index. Grouping on an indexed column
    tempts SQLite to walk that whole index (every commitment of every year, in department
    order) to skip a sort; coalesce() over a NOT NULL column changes nothing but makes it
    start from the year's opinions instead: 55 ms -> 1.5 ms on a 10-year dataset."""
    return func.coalesce(column, empty)


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
    opinions = _int(row[0])
    return OpinionTotals(opinions, _int(row[1]), opinions - _int(row[2]))


def opinions_by_speaker_kind(scope: Scope) -> list[tuple[ParticipantKind, int]]:
    """Every speaker kind in the enum's order, zeros included."""
    kind = _key(Participant.kind, "")
    stmt = (
        select(kind, func.count(Opinion.id))
        .join(Participant, Participant.id == Opinion.speaker_id)
        .where(scope.opinions())
        .group_by(kind)
    )
    counts = dict(db.session.execute(stmt).all())
    return [(kind, _int(counts.get(kind))) for kind in ParticipantKind]


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
    return [(name, _int(count)) for name, count in db.session.execute(stmt)]


# ---------------------------------------------------------------- departments


@dataclass
class DepartmentRow:
    """One department's line in the league table (counts for the scope)."""

    department_id: int
    name: str = ""
    lead: int = 0  # active lead assignments
    co: int = 0  # active co-handling (协办) assignments
    replied: int = 0  # lead assignments with a submitted reply
    on_time: int = 0  # ... whose first reply came on or before the due date
    unreplied_late: int = 0  # lead assignments without any reply, past due
    overdue_replies: int = 0  # lead assignments owing a (first or second) reply, past due
    commitments: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0
    commitments_done: int = 0
    ratings: dict[RatingValue, int] = field(default_factory=dict)

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.lead)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied + self.unreplied_late)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(sum(self.ratings.get(v, 0) for v in POSITIVE), self.rated)

    @property
    def overdue_items(self) -> int:
        return self.overdue_replies + self.commitments_overdue


def _scoped_assignments(scope: Scope):
    """Active assignments of opinions in scope (a FROM clause to add columns to)."""
    return (
        select()
        .select_from(Assignment)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(scope.opinions(), active(Assignment.status))
    )


def _assignment_counts(scope: Scope, today: date, rows) -> None:
    # Each assignment with its first submitted reply (to the member), grouped here so the
    # database computes it once per assignment (a correlated subquery would be repeated
    # for every use of it below once SQLite flattens the query).
    answer = and_(
        Reply.assignment_id == Assignment.id,
        Reply.purpose == ReplyPurpose.REPLY,
        Reply.status == ReplyStatus.SUBMITTED,
    )
    inner = (
        _scoped_assignments(scope)
        .add_columns(
            Assignment.department_id.label("department_id"),
            Assignment.role.label("role"),
            Assignment.status.label("status"),
            Assignment.due_date.label("due_date"),
            func.min(Reply.submitted_at).label("first_at"),
        )
        .outerjoin(Reply, answer)
        .group_by(
            Assignment.id,
            Assignment.department_id,
            Assignment.role,
            Assignment.status,
            Assignment.due_date,
        )
        .subquery()
    )
    lead = inner.c.role == AssignmentRole.LEAD
    replied = and_(lead, inner.c.first_at.is_not(None))

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    department = _key(inner.c.department_id, 0)
    stmt = select(
        department,
        total(lead),
        total(inner.c.role == AssignmentRole.CO),
        total(replied),
        # Dates compared as dates: date() of the timestamp works on SQLite and PostgreSQL.
        total(and_(replied, func.date(inner.c.first_at) <= inner.c.due_date)),
        total(and_(lead, inner.c.first_at.is_(None), inner.c.due_date < today)),
        total(and_(lead, inner.c.status.in_(OWING), inner.c.due_date < today)),
    ).group_by(department)
    for (
        dep_id,
        n_lead,
        n_co,
        n_replied,
        n_on_time,
        n_unreplied_late,
        n_overdue,
    ) in db.session.execute(stmt):
        row = rows[dep_id]
        row.lead, row.co, row.replied = _int(n_lead), _int(n_co), _int(n_replied)
        row.on_time, row.unreplied_late = _int(n_on_time), _int(n_unreplied_late)
        row.overdue_replies = _int(n_overdue)


def _commitment_counts(scope: Scope, today: date, rows) -> None:
    not_done = Commitment.status != CommitmentStatus.DONE
    department = _key(Commitment.department_id, 0)

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            department,
            func.count(Commitment.id),
            total(not_done),
            total(and_(not_done, Commitment.due_date < today)),
            total(Commitment.status == CommitmentStatus.DONE),
        )
        .join(Reply, Reply.id == Commitment.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(scope.opinions(), Reply.status == ReplyStatus.SUBMITTED)
        .group_by(department)
    )
    for dep_id, n, n_open, n_overdue, n_done in db.session.execute(stmt):
        row = rows[dep_id]
        row.commitments, row.commitments_open = _int(n), _int(n_open)
        row.commitments_overdue, row.commitments_done = _int(n_overdue), _int(n_done)


def _lead_replies(scope: Scope):
    """Submitted replies (to the member) of active lead assignments in scope."""
    return (
        select()
        .select_from(Reply)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .where(
            scope.opinions(),
            active(Assignment.status),
            Assignment.role == AssignmentRole.LEAD,
            Reply.purpose == ReplyPurpose.REPLY,
            Reply.status == ReplyStatus.SUBMITTED,
        )
    )


def _rating_counts(scope: Scope, rows) -> None:
    department = _key(Assignment.department_id, 0)
    stmt = (
        _lead_replies(scope)
        .add_columns(department, Rating.value, func.count(Rating.id))
        .join(Rating, Rating.reply_id == Reply.id)
        .group_by(department, Rating.value)
    )
    for dep_id, value, n in db.session.execute(stmt):
        rows[dep_id].ratings[value] = _int(n)


def department_rows(scope: Scope, today: date) -> list[DepartmentRow]:
    """Every department with something in scope: four aggregate queries plus the names."""
    rows: dict[int, DepartmentRow] = defaultdict(lambda: DepartmentRow(0))
    _assignment_counts(scope, today, rows)
    _commitment_counts(scope, today, rows)
    _rating_counts(scope, rows)
    if not rows:
        return []
    names = dict(
        db.session.execute(
            select(Department.id, Department.name).where(Department.id.in_(rows))
        ).all()
    )
    for dep_id, row in rows.items():
        row.department_id, row.name = dep_id, names.get(dep_id, "")
    return rank_departments(list(rows.values()))


SORT_KEYS = {
    # "late": the worst first — most overdue items, then the lowest on-time rate.
    "late": lambda r: (-r.overdue_items, _rate_key(r.on_time_rate), r.name),
    "name": lambda r: (r.name,),
    "assignments": lambda r: (-r.lead, r.name),
    "reply_rate": lambda r: (_rate_key(r.reply_rate), r.name),
    "on_time": lambda r: (_rate_key(r.on_time_rate), r.name),
    "overdue": lambda r: (-r.overdue_replies, r.name),
    "commitments": lambda r: (-r.commitments_overdue, -r.commitments_open, r.name),
    "satisfaction": lambda r: (_rate_key(r.satisfaction_rate), r.name),
}


def _rate_key(rate: Rate) -> float:
    """Lowest rate first; departments with nothing to rate go last."""
    value = rate.value
    return 2.0 if value is None else value


def rank_departments(rows: list[DepartmentRow], sort: str = "late") -> list[DepartmentRow]:
    return sorted(rows, key=SORT_KEYS.get(sort, SORT_KEYS["late"]))


@dataclass
class Totals:
    """The scope's totals, summed from the department rows (no further queries)."""

    lead: int = 0
    co: int = 0
    replied: int = 0
    on_time: int = 0
    unreplied_late: int = 0
    overdue_replies: int = 0
    commitments: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0
    commitments_done: int = 0
    ratings: dict[RatingValue, int] = field(default_factory=lambda: dict.fromkeys(RatingValue, 0))

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.lead)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied + self.unreplied_late)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(sum(self.ratings[v] for v in POSITIVE), self.rated)


def totals(rows: list[DepartmentRow]) -> Totals:
    result = Totals()
    for row in rows:
        for name in (
            "lead",
            "co",
            "replied",
            "on_time",
            "unreplied_late",
            "overdue_replies",
            "commitments",
            "commitments_open",
            "commitments_overdue",
            "commitments_done",
        ):
            setattr(result, name, getattr(result, name) + getattr(row, name))
        for value, n in row.ratings.items():
            result.ratings[value] += n
    return result


def reply_categories(scope: Scope, letters: str = "ABC") -> list[tuple[ReplyCategory | None, int]]:
    """Latest submitted reply of each lead assignment, by category.

    The configured categories come first (zeros included); a category outside the
    configuration that still occurs in old data, and replies without a category (None),
    follow only when they occur.
    """
    later = aliased(Reply)
    is_latest = ~exists().where(
        later.assignment_id == Reply.assignment_id,
        later.purpose == ReplyPurpose.REPLY,
        later.status == ReplyStatus.SUBMITTED,
        later.round > Reply.round,
    )
    stmt = (
        _lead_replies(scope)
        .add_columns(Reply.category, func.count(Reply.id))
        .where(is_latest)
        .group_by(Reply.category)
    )
    counts = dict(db.session.execute(stmt).all())
    configured = [c for c in ReplyCategory if c.value in letters.upper()]
    result = [(c, _int(counts.pop(c, 0))) for c in configured]
    result += [(c, _int(counts[c])) for c in ReplyCategory if counts.get(c)]
    if counts.get(None):
        result.append((None, _int(counts[None])))
    return result


# ---------------------------------------------------------------- trends and choices


@dataclass
class MonthTrend:
    month: int
    opinions: int = 0
    replies: int = 0
    commitments_done: int = 0


def monthly_trends(year: int) -> list[MonthTrend]:
    """Twelve months of the year: opinions (by meeting month), replies, commitments done."""
    start, end = year_bounds(year)
    months = {m: MonthTrend(m) for m in MONTHS}
    month = extract("month", Meeting.starts_at)
    for m, n in db.session.execute(
        select(month, func.count(Opinion.id))
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(month)
    ):
        months[int(m)].opinions = _int(n)
    month = extract("month", Reply.submitted_at)
    # Replies to members only come from lead assignments (co-handlers write inputs).
    for m, n in db.session.execute(
        select(month, func.count(Reply.id))
        .where(
            Reply.submitted_at >= start,
            Reply.submitted_at < end,
            Reply.purpose == ReplyPurpose.REPLY,
            Reply.status == ReplyStatus.SUBMITTED,
        )
        .group_by(month)
    ):
        months[int(m)].replies = _int(n)
    month = extract("month", Commitment.done_at)
    for m, n in db.session.execute(
        select(month, func.count(Commitment.id))
        .where(
            # NOT IN rather than == DONE: most commitments are done, so the status index
            # would only slow this down.
            Commitment.status.not_in((CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)),
            Commitment.done_at >= start,
            Commitment.done_at < end,
        )
        .group_by(month)
    ):
        months[int(m)].commitments_done = _int(n)
    return list(months.values())


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
    return [MeetingLine(i, t, s, _int(n)) for i, t, s, n in db.session.execute(stmt)]
