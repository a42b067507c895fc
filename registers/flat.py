"""Export loaders: the registers' rows as plain objects read with Core queries.

An export may hold every opinion of ten years (20,000+ rows, with assignments, replies,
ratings and commitments): ORM objects for all of that cost more than the file itself.
These loaders run the same SELECTs as the pages (registers.queries: same scope, same
filters, same order) but fetch columns only and build light objects with the attribute
names the register columns and responses.board read, so a row reads the same either way.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from types import SimpleNamespace as Row
from typing import Any

from sqlalchemy import select

from accounts.policy import scope
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from participants.models import Department, Participant
from registers import queries
from registers.queries import OpinionEntry, RegisterFilters, ReplyEntry
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    Rating,
    Reply,
)

CHUNK = 500  # opinions (or replies) whose details are fetched per query

MEETING_COLUMNS = (Meeting.id, Meeting.title, Meeting.starts_at)
SPEAKER_COLUMNS = (Participant.id, Participant.name, Participant.kind)


class _Cache(dict):
    """One light object per meeting, speaker or department, shared by the rows."""

    def get_or_make(self, key: Any, **values: Any) -> Row:
        found = self.get(key)
        if found is None:
            found = self[key] = Row(**values)
        return found


def _opinion(row, cache: _Cache, index: int = 0) -> Row:
    (oid, title, channel, meeting_id, mid, mtitle, starts_at, pid, name, kind) = row[
        index : index + 10
    ]
    return Row(
        id=oid,
        title=title,
        channel=channel,
        meeting_id=meeting_id,
        meeting=cache.get_or_make(("m", mid), title=mtitle, starts_at=starts_at),
        speaker=cache.get_or_make(("p", pid), name=name, kind=kind),
    )


OPINION_COLUMNS = (
    Opinion.id,
    Opinion.title,
    Opinion.channel,
    Opinion.meeting_id,
    *MEETING_COLUMNS,
    *SPEAKER_COLUMNS,
)


def _replies_with_details(reply_rows: Sequence[Any]) -> list[Row]:
    """Reply objects with .rating and .commitments (two queries per chunk)."""
    ids = [row.id for row in reply_rows]
    commitments: dict[int, list[Row]] = defaultdict(list)
    if ids:
        stmt = select(Commitment.reply_id, Commitment.status).where(Commitment.reply_id.in_(ids))
        for reply_id, status in db.session.execute(stmt):
            commitments[reply_id].append(Row(status=status))
    return [
        Row(
            **{
                **{key: row._mapping[key] for key in REPLY_KEYS},
                "rating": Row(value=row.rating) if row.rating is not None else None,
                "commitments": commitments.get(row.id, []),
            }
        )
        for row in reply_rows
    ]


REPLY_COLUMNS = (
    Reply.id,
    Reply.assignment_id,
    Reply.round,
    Reply.purpose,
    Reply.category,
    Reply.channel,
    Reply.status,
    Reply.submitted_at,
    Reply.text,
    Rating.value.label("rating"),
)
REPLY_KEYS = [column.key for column in REPLY_COLUMNS]


def _handling(user: Any, opinion_ids: list[int], cache: _Cache) -> dict[int, list[Row]]:
    """Visible, not withdrawn assignments of these opinions with all their replies."""
    stmt = (
        select(
            Assignment.id,
            Assignment.opinion_id,
            Assignment.role,
            Assignment.status,
            Assignment.mode,
            Assignment.due_date,
            Department.id.label("department_id"),
            Department.name,
            Department.short_name,
        )
        .join(Department, Department.id == Assignment.department_id)
        .where(
            Assignment.opinion_id.in_(opinion_ids),
            Assignment.status != AssignmentStatus.WITHDRAWN,
            scope(user, "assignment.view"),
        )
        .order_by(Assignment.id)
    )
    assignments = []
    for row in db.session.execute(stmt):
        fields = dict(row._mapping)
        department = cache.get_or_make(
            ("d", fields.pop("department_id")),
            name=fields.pop("name"),
            short_name=fields.pop("short_name"),
        )
        assignments.append(Row(**fields, department=department, replies=[]))
    by_id = {a.id: a for a in assignments}
    if by_id:
        reply_rows = db.session.execute(
            select(*REPLY_COLUMNS)
            .outerjoin(Rating, Rating.reply_id == Reply.id)
            .where(Reply.assignment_id.in_(list(by_id)))
            .order_by(Reply.round, Reply.id)
        ).all()
        for reply in _replies_with_details(reply_rows):
            by_id[reply.assignment_id].replies.append(reply)
    found: dict[int, list[Row]] = defaultdict(list)
    for assignment in sorted(assignments, key=lambda a: a.role != AssignmentRole.LEAD):
        found[assignment.opinion_id].append(assignment)
    return found


def iter_opinion_entries(user: Any, filters: RegisterFilters) -> Iterator[OpinionEntry]:
    """Every row of the filtered opinions register, in the page's order."""
    cache = _Cache()
    rows = db.session.execute(queries.opinions_select(user, filters, *OPINION_COLUMNS)).all()
    for start in range(0, len(rows), CHUNK):
        opinions = [_opinion(row, cache) for row in rows[start : start + CHUNK]]
        ids = [o.id for o in opinions]
        handling = _handling(user, ids, cache)
        counts = queries.suggestion_counts(ids)
        for o in opinions:
            yield OpinionEntry(o, counts.get(o.id, 0), handling.get(o.id, []))


def iter_reply_entries(user: Any, filters: RegisterFilters) -> Iterator[ReplyEntry]:
    """Every row of the filtered replies register, in the page's order."""
    cache = _Cache()
    columns = (
        *REPLY_COLUMNS,
        Assignment.role.label("a_role"),
        Assignment.status.label("a_status"),
        Assignment.mode.label("a_mode"),
        Assignment.due_date.label("a_due"),
        Department.id.label("department_id"),
        Department.name.label("department_name"),
        Department.short_name.label("department_short"),
        *OPINION_COLUMNS,
    )
    stmt = queries.replies_select(user, filters, *columns).outerjoin(
        Rating, Rating.reply_id == Reply.id
    )
    rows = db.session.execute(stmt).all()
    first_opinion_column = len(REPLY_COLUMNS) + 7
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        replies = _replies_with_details(chunk)
        for row, reply in zip(chunk, replies, strict=True):
            reply.assignment = Row(
                role=row.a_role,
                status=row.a_status,
                mode=row.a_mode,
                due_date=row.a_due,
                department=cache.get_or_make(
                    ("d", row.department_id),
                    name=row.department_name,
                    short_name=row.department_short,
                ),
                opinion=_opinion(row, cache, first_opinion_column),
            )
            yield ReplyEntry(reply, len(reply.commitments))
