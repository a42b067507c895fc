"""Context builders for the tables the office prints: 办理情况汇总表 and 委员履职档案.

    tracking_context(meeting=None, year=None, today=None) -> dict[str, Any]
        one row per opinion x department (active assignment), per meeting or per year;
        an opinion not yet assigned gets one row without a department.
    member_record_context(participant, year, today=None) -> dict[str, Any]
        meetings attended / excused / absent without excuse, opinions, opinions adopted
        (latest reply category A or B), ratings given, and the duty score (履职积分).

Both load everything in a fixed number of queries (no per-row queries) and derive every
state with responses.board / responses.assignments, so a printed table always says what
the follow-up board says. The tracking table reads plain rows (reports.tracking_data), not
ORM objects: a year of opinions loads in a fraction of the time. Overdue is derived from
`today` (tests fix it).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app, g
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from common import clock
from common.enums import LabelledEnum
from extensions import db
from meetings.models import Attendance, Invitation, Meeting, MeetingStatus
from office import services as office_services
from opinions.models import Opinion
from participants.models import Participant
from reports.tracking_data import (
    AssignmentInfo,
    DepartmentInfo,
    MeetingInfo,
    OpinionInfo,
    ReplyInfo,
    SpeakerInfo,
    tracking_opinions,
)
from responses.board import (
    BoardFilter,
    OpinionState,
    latest_reply,
    lead_assignment_state,
    opinion_state,
)
from responses.lifecycle import ACTIVE_STATUSES, commitment_overdue, is_overdue
from responses.models import (
    Assignment,
    AssignmentRole,
    HandlingMode,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyStatus,
)

# Reply categories that count as "adopted" (采纳) in a member's record.
ADOPTED_CATEGORIES = (ReplyCategory.A, ReplyCategory.B)

# 履职积分: the office configures DUTY_POINTS in its config; missing keys take these.
#   base        points every member starts the year with
#   attended    per meeting attended (出席)
#   excused     per excused absence (请假)
#   unexcused   per absence without leave (缺席); negative: a deduction
#   opinion     per opinion submitted (spoken or written)
#   adopted     per opinion adopted (a reply in category A or B)
#   rating      per reply rated (满意度测评)
DEFAULT_DUTY_POINTS: dict[str, int] = {
    "base": 0,
    "attended": 2,
    "excused": 0,
    "unexcused": -2,
    "opinion": 3,
    "adopted": 5,
    "rating": 0,
}

# Meetings that took place: attendance there is final and counts.
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.ARCHIVED)


# ---------------------------------------------------------------- tracking table


@dataclass
class TrackingRow:
    """One line of 办理情况汇总表: an opinion handed to one department (or not yet)."""

    number: int
    meeting: MeetingInfo
    opinion: OpinionInfo
    assignment: AssignmentInfo | None
    state: OpinionState | None  # the lead's state; None for a co-handler (协办)
    opinion_state: OpinionState
    reply: ReplyInfo | None
    overdue_reply: bool = False
    overdue_commitments: int = 0

    @property
    def speaker(self) -> SpeakerInfo:
        return self.opinion.speaker

    @property
    def department(self) -> DepartmentInfo | None:
        return self.assignment.department if self.assignment else None

    @property
    def mode(self) -> HandlingMode | None:
        return self.assignment.mode if self.assignment else None

    @property
    def role(self) -> AssignmentRole | None:
        return self.assignment.role if self.assignment else None

    @property
    def due_date(self) -> date | None:
        return self.assignment.due_date if self.assignment else None

    @property
    def category(self) -> ReplyCategory | None:
        return self.reply.category if self.reply else None

    @property
    def rating(self) -> RatingValue | None:
        rating = self.reply.rating if self.reply else None
        return rating.value if rating else None

    # Labels for the printed table, translated once per request (see label_text).
    @property
    def mode_label(self) -> str:
        return label_text(self.mode) if self.mode else ""

    @property
    def role_label(self) -> str:
        return label_text(self.role) if self.role else ""

    @property
    def rating_label(self) -> str:
        return label_text(self.rating) if self.rating else ""

    @property
    def overdue(self) -> bool:
        return self.overdue_reply or self.overdue_commitments > 0

    @property
    def status_label(self) -> str:
        """The lead's follow-up state, or the co-handler's own assignment status."""
        if self.assignment is None:
            return label_text(OpinionState.UNASSIGNED)
        if self.state is not None:
            return label_text(self.state)
        return label_text(self.assignment.status)


def label_text(member: LabelledEnum) -> str:
    """`str(member.label)`, translated once per request and language: a year's table asks
    for the same few labels thousands of times, and each gettext call costs."""
    cache = g.setdefault("_record_labels", {})
    # The type is part of the key: members of different enums with one value compare equal.
    key = (str(get_locale()), type(member), member)
    if key not in cache:
        cache[key] = str(member.label)
    return str(cache[key])


def _tracking_opinions(meeting: Meeting | None, year: int | None) -> list[OpinionInfo]:
    """Printed in the order things happened: meeting by meeting, then speaking order."""
    filters = BoardFilter(meeting_id=meeting.id if meeting else None, year=year)
    return tracking_opinions(filters)


def _rows_for(opinion: OpinionInfo, today: date, start: int) -> list[TrackingRow]:
    # The board's rules read ORM objects; the *Info rows carry the same attributes (duck
    # typing the type checker cannot see: hence the arg-type ignores below).
    state = opinion_state(opinion, today)  # type: ignore[arg-type]
    active = [a for a in opinion.assignments if a.status in ACTIVE_STATUSES]
    # Lead before co-handlers, then by department name: a stable, readable order.
    active.sort(key=lambda a: (a.role != AssignmentRole.LEAD, a.department.name, a.id))
    if not active:
        return [TrackingRow(start, opinion.meeting, opinion, None, None, state, None)]
    rows = []
    for offset, assignment in enumerate(active):
        lead = assignment.role == AssignmentRole.LEAD
        reply = latest_reply(assignment) if lead else None  # type: ignore[arg-type]
        overdue_commitments = len(
            [
                c
                for r in assignment.replies
                for c in r.commitments
                if r.status == ReplyStatus.SUBMITTED and commitment_overdue(c, today)  # type: ignore[arg-type]
            ]
        )
        rows.append(
            TrackingRow(
                number=start + offset,
                meeting=opinion.meeting,
                opinion=opinion,
                assignment=assignment,
                state=lead_assignment_state(assignment) if lead else None,  # type: ignore[arg-type]
                opinion_state=state,
                reply=reply,  # type: ignore[arg-type]
                overdue_reply=is_overdue(assignment, today),  # type: ignore[arg-type]
                overdue_commitments=overdue_commitments,
            )
        )
    return rows


def tracking_context(
    meeting: Meeting | None = None, year: int | None = None, today: date | None = None
) -> dict[str, Any]:
    """办理情况汇总表 of one meeting, or of every meeting held in `year`."""
    if (meeting is None) == (year is None):
        raise ValueError("tracking_context needs exactly one of meeting or year")
    today = today or clock.today()
    rows: list[TrackingRow] = []
    opinions = _tracking_opinions(meeting, year)
    for opinion in opinions:
        rows.extend(_rows_for(opinion, today, len(rows) + 1))
    counts = dict.fromkeys(OpinionState, 0)
    for opinion in opinions:
        counts[opinion_state(opinion, today)] += 1  # type: ignore[arg-type]
    return {
        "meeting": meeting,
        "year": year,
        "today": today,
        "rows": rows,
        "opinion_count": len(opinions),
        "state_counts": counts,
        "overdue_count": sum(1 for r in rows if r.overdue),
        "committee": _committee(meeting.committee_id if meeting else None),
    }


def _committee(committee_id: int | None) -> str:
    """The committee's issuing body from its office settings (OfficeNotConfigured while it
    is empty); the current committee's when the document spans several meetings."""
    return office_services.issuing_body(committee_id)


# ---------------------------------------------------------------- member record


@dataclass
class MeetingAttendance:
    meeting: Meeting
    invitation: Invitation
    outcome: str  # "attended" | "excused" | "unexcused" | "upcoming"


@dataclass
class OpinionRecord:
    opinion: Opinion
    categories: list[ReplyCategory] = field(default_factory=list)

    @property
    def adopted(self) -> bool:
        return any(c in ADOPTED_CATEGORIES for c in self.categories)

    @property
    def best_category(self) -> ReplyCategory | None:
        return min(self.categories, key=lambda c: c.value) if self.categories else None


def duty_points() -> dict[str, int]:
    """The office's 履职积分 scheme: app config DUTY_POINTS over the defaults."""
    configured = current_app.config.get("DUTY_POINTS") or {}
    return {**DEFAULT_DUTY_POINTS, **{k: int(v) for k, v in configured.items()}}


def _attendance_outcome(invitation: Invitation, meeting: Meeting) -> str:
    if meeting.status not in HELD_STATUSES:
        return "upcoming"
    if invitation.attendance == Attendance.PRESENT:
        return "attended"
    if invitation.attendance == Attendance.ABSENT:
        return "excused"
    return "unexcused"  # invited to a meeting that took place, neither present nor on leave


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def member_record_context(
    participant: Participant, year: int, today: date | None = None
) -> dict[str, Any]:
    """委员履职档案 of one member for one year (meetings by their start date)."""
    start, end = _year_bounds(year)
    in_year = (Meeting.starts_at >= start) & (Meeting.starts_at < end)
    invitations = db.session.scalars(
        select(Invitation)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Invitation.participant_id == participant.id,
            in_year,
            Meeting.status.notin_((MeetingStatus.DRAFT, MeetingStatus.CANCELLED)),
        )
        .options(joinedload(Invitation.meeting))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    meetings = [
        MeetingAttendance(inv.meeting, inv, _attendance_outcome(inv, inv.meeting))
        for inv in invitations
    ]
    opinions = db.session.scalars(
        select(Opinion)
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .where(Opinion.speaker_id == participant.id, in_year)
        .options(
            joinedload(Opinion.meeting),
            selectinload(Opinion.assignments).options(
                joinedload(Assignment.department),
                selectinload(Assignment.replies).joinedload(Reply.rating),
            ),
        )
        .order_by(Meeting.starts_at, Opinion.position, Opinion.id)
    ).unique()
    opinion_records = []
    for opinion in opinions:
        record = OpinionRecord(opinion)
        for assignment in opinion.assignments:
            if assignment.status in ACTIVE_STATUSES and assignment.role == AssignmentRole.LEAD:
                reply = latest_reply(assignment)
                if reply is not None and reply.category is not None:
                    record.categories.append(reply.category)
        opinion_records.append(record)
    ratings = db.session.scalars(
        select(Rating)
        .join(Reply, Reply.id == Rating.reply_id)
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Opinion, Opinion.id == Assignment.opinion_id)
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .where(Rating.participant_id == participant.id, in_year)
        .options(
            joinedload(Rating.reply)
            .joinedload(Reply.assignment)
            .options(
                joinedload(Assignment.department),
                joinedload(Assignment.opinion).joinedload(Opinion.meeting),
            )
        )
        .order_by(Meeting.starts_at, Opinion.position, Rating.id)
    ).all()
    counts = {
        "attended": sum(1 for m in meetings if m.outcome == "attended"),
        "excused": sum(1 for m in meetings if m.outcome == "excused"),
        "unexcused": sum(1 for m in meetings if m.outcome == "unexcused"),
        "upcoming": sum(1 for m in meetings if m.outcome == "upcoming"),
        "opinion": len(opinion_records),
        "adopted": sum(1 for r in opinion_records if r.adopted),
        "rating": len(ratings),
    }
    points = duty_points()
    score_lines = [
        (key, counts[key], points[key], counts[key] * points[key])
        for key in ("attended", "excused", "unexcused", "opinion", "adopted", "rating")
    ]
    return {
        "participant": participant,
        "year": year,
        "today": today or clock.today(),
        "meetings": meetings,
        "opinions": opinion_records,
        "ratings": ratings,
        "counts": counts,
        "points": points,
        "score_lines": score_lines,
        "duty_score": points["base"] + sum(line[3] for line in score_lines),
        "committee": _committee(participant.committee_id),
    }
