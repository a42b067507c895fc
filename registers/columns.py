"""The registers' columns, shared by the pages and the CSV/XLSX exports.

Each column is a header (a msgid) and a function of a row giving a plain value: text, a
number or a date (XLSX keeps real dates; the page formats them).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from common import clock
from registers.queries import OpinionEntry
from responses import lifecycle
from responses.board import OpinionState, latest_reply, lead_assignment_state
from responses.lifecycle import ACTIVE_STATUSES, OPEN_STATUSES
from responses.models import Assignment, AssignmentRole

_STATE_ORDER = list(OpinionState)
TEXT_LIMIT = 32_000  # an XLSX cell holds at most 32,767 characters


def label(member: Any) -> str:
    """An enum's label, translated once per request (exports show thousands of them)."""
    cache = g.setdefault("register_labels", {})
    if member not in cache:
        cache[member] = member.label
    return cache[member]


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # lazy msgid
    value: Callable[[Any], Any]
    width: int = 12  # characters, for XLSX


def _dept(assignment: Assignment) -> str:
    name = assignment.department.short_name or assignment.department.name
    if assignment.role == AssignmentRole.CO:
        return _("%(department)s (co-handling)", department=name)
    return name


def _leads(entry: OpinionEntry) -> list[Assignment]:
    return [a for a in entry.assignments if a.role == AssignmentRole.LEAD]


def _per_department(entry: OpinionEntry, text: Callable[[Assignment], str]) -> str:
    """One value per lead department; named when there are several (分办)."""
    leads = _leads(entry)
    values = [(a, text(a)) for a in leads]
    values = [(a, v) for a, v in values if v]
    if len(leads) == 1:
        return values[0][1] if values else ""
    return "；".join(f"{a.department.short_name or a.department.name}：{v}" for a, v in values)


def opinion_status(entry: OpinionEntry) -> str:
    """The follow-up state over the lead assignments the user may see (as on the board)."""
    leads = [a for a in _leads(entry) if a.status in ACTIVE_STATUSES]
    if leads:
        return label(min((lead_assignment_state(a) for a in leads), key=_STATE_ORDER.index))
    if entry.assignments:  # returned, or a co-handler's own view
        return "、".join(dict.fromkeys(label(a.status) for a in entry.assignments))
    return label(OpinionState.UNASSIGNED)


def due_date(entry: OpinionEntry) -> date | None:
    """The earliest due date still open, else the earliest of all."""
    open_dates = [a.due_date for a in entry.assignments if a.status in OPEN_STATUSES]
    dates = open_dates or [a.due_date for a in entry.assignments]
    return min(dates) if dates else None


def is_overdue(entry: OpinionEntry) -> bool:
    today = clock.today()
    return any(lifecycle.is_overdue(a, today) for a in entry.assignments)


def _category(assignment: Assignment) -> str:
    reply = latest_reply(assignment)
    return reply.category.value if reply is not None and reply.category else ""


def _rating(assignment: Assignment) -> str:
    reply = latest_reply(assignment)
    return label(reply.rating.value) if reply is not None and reply.rating else ""


def replied_at(entry: OpinionEntry) -> datetime | None:
    times = [
        reply.submitted_at
        for a in _leads(entry)
        if (reply := latest_reply(a)) is not None and reply.submitted_at
    ]
    return max(times) if times else None


def _mode(entry: OpinionEntry) -> str:
    return "、".join(dict.fromkeys(label(a.mode) for a in entry.assignments))


OPINION_COLUMNS: list[Column] = [
    Column("date", _l("Meeting date"), lambda e: e.opinion.meeting.starts_at.date(), 11),
    Column("meeting", _l("Meeting"), lambda e: e.opinion.meeting.title, 28),
    Column("speaker", _l("Speaker"), lambda e: e.opinion.speaker.name, 10),
    Column("kind", _l("Speaker kind"), lambda e: label(e.opinion.speaker.kind), 12),
    Column("title", _l("Opinion title"), lambda e: e.opinion.title, 36),
    Column("channel", _l("Opinion channel"), lambda e: label(e.opinion.channel), 10),
    Column("suggestions", _l("Number of suggestions"), lambda e: e.suggestions, 8),
    Column(
        "departments",
        _l("Handling departments"),
        lambda e: "、".join(map(_dept, e.assignments)),
        24,
    ),
    Column("mode", _l("Handling mode"), _mode, 10),
    Column("status", _l("Handling status"), opinion_status, 16),
    Column("due", _l("Due date"), due_date, 11),
    Column("category", _l("Reply category"), lambda e: _per_department(e, _category), 10),
    Column("replied", _l("Replied at"), replied_at, 16),
    Column("rating", _l("Satisfaction"), lambda e: _per_department(e, _rating), 12),
]


REPLY_COLUMNS: list[Column] = [
    Column(
        "date",
        _l("Meeting date"),
        lambda e: e.reply.assignment.opinion.meeting.starts_at.date(),
        11,
    ),
    Column("meeting", _l("Meeting"), lambda e: e.reply.assignment.opinion.meeting.title, 28),
    Column("title", _l("Opinion title"), lambda e: e.reply.assignment.opinion.title, 32),
    Column("speaker", _l("Speaker"), lambda e: e.reply.assignment.opinion.speaker.name, 10),
    Column(
        "kind", _l("Speaker kind"), lambda e: label(e.reply.assignment.opinion.speaker.kind), 12
    ),
    Column("department", _l("Department"), lambda e: e.reply.assignment.department.name, 20),
    Column("role", _l("Department role"), lambda e: label(e.reply.assignment.role), 10),
    Column("mode", _l("Handling mode"), lambda e: label(e.reply.assignment.mode), 10),
    Column("round", _l("Round"), lambda e: e.reply.round, 6),
    Column("purpose", _l("Reply or input"), lambda e: label(e.reply.purpose), 10),
    Column(
        "category",
        _l("Reply category"),
        lambda e: e.reply.category.value if e.reply.category else "",
        8,
    ),
    Column("reply_channel", _l("Reply channel"), lambda e: label(e.reply.channel), 12),
    Column("reply_status", _l("Reply status"), lambda e: label(e.reply.status), 8),
    Column("replied", _l("Replied at"), lambda e: e.reply.submitted_at, 16),
    Column("status", _l("Handling status"), lambda e: label(e.reply.assignment.status), 12),
    Column("due", _l("Due date"), lambda e: e.reply.assignment.due_date, 11),
    Column("commitments", _l("Commitments"), lambda e: e.commitments, 8),
    Column(
        "rating",
        _l("Satisfaction"),
        lambda e: label(e.reply.rating.value) if e.reply.rating else "",
        12,
    ),
    Column("text", _l("Reply text"), lambda e: e.reply.text[:TEXT_LIMIT], 60),
]
