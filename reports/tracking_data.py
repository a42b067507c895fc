"""What 办理情况汇总表 needs, read with four Core queries into light objects.

A year's table covers ~2,000 opinions and ~3,000 assignments with their replies, ratings and
commitments; building ORM objects for all of that took most of a second. These plain objects
carry the same attribute names the ORM ones have (status, role, replies, rating.value,
commitments, is_overdue ...), so the states still come from responses.board and
responses.assignments, unchanged: the printed table says what the board says.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, select

from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from participants.models import Department, Participant
from responses.board import BoardFilter, opinion_scope
from responses.lifecycle import ACTIVE_STATUSES, commitment_overdue
from responses.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    HandlingMode,
    Rating,
    RatingValue,
    Reply,
    ReplyCategory,
    ReplyChannel,
    ReplyPurpose,
    ReplyStatus,
)


@dataclass(eq=False)
class MeetingInfo:
    id: int
    title: str
    starts_at: datetime


@dataclass(eq=False)
class SpeakerInfo:
    id: int
    name: str


@dataclass(eq=False)
class DepartmentInfo:
    id: int
    name: str
    short_name: str


@dataclass(eq=False)
class RatingInfo:
    value: RatingValue


@dataclass(eq=False)
class CommitmentInfo:
    status: CommitmentStatus
    due_date: date

    def is_overdue(self, today: date) -> bool:
        return commitment_overdue(self, today)  # type: ignore[arg-type]  # same two fields


@dataclass(eq=False)
class ReplyInfo:
    id: int
    round: int
    purpose: ReplyPurpose
    status: ReplyStatus
    channel: ReplyChannel
    category: ReplyCategory | None
    rating: RatingInfo | None
    commitments: list[CommitmentInfo] = field(default_factory=list)


@dataclass(eq=False)
class AssignmentInfo:
    id: int
    opinion_id: int
    department: DepartmentInfo
    mode: HandlingMode
    role: AssignmentRole
    status: AssignmentStatus
    due_date: date
    replies: list[ReplyInfo] = field(default_factory=list)


@dataclass(eq=False)
class OpinionInfo:
    id: int
    meeting_id: int
    title: str
    position: int
    meeting: MeetingInfo
    speaker: SpeakerInfo
    assignments: list[AssignmentInfo] = field(default_factory=list)


def _opinion_ids(filters: BoardFilter) -> Select[int]:
    return opinion_scope(select(Opinion.id), filters)


def tracking_opinions(filters: BoardFilter) -> list[OpinionInfo]:
    """The opinions in scope in printed order (meeting by meeting, then speaking order), each
    with its active assignments, their replies (rating, commitments): four queries."""
    stmt = (
        select(
            Opinion.id,
            Opinion.meeting_id,
            Opinion.title,
            Opinion.position,
            Meeting.title,
            Meeting.starts_at,
            Participant.id,
            Participant.name,
        )
        .join(Meeting, Meeting.id == Opinion.meeting_id)
        .join(Participant, Participant.id == Opinion.speaker_id)
        .order_by(Meeting.starts_at, Opinion.meeting_id, Opinion.position, Opinion.id)
    )
    meetings: dict[int, MeetingInfo] = {}
    speakers: dict[int, SpeakerInfo] = {}
    opinions: dict[int, OpinionInfo] = {}
    for oid, mid, title, position, m_title, starts_at, pid, name in db.session.execute(
        opinion_scope(stmt, filters)
    ):
        meeting = meetings.get(mid) or meetings.setdefault(
            mid, MeetingInfo(mid, m_title, starts_at)
        )
        speaker = speakers.get(pid) or speakers.setdefault(pid, SpeakerInfo(pid, name))
        opinions[oid] = OpinionInfo(oid, mid, title, position, meeting, speaker)
    if not opinions:
        return []

    active = Assignment.status.in_(ACTIVE_STATUSES)
    in_scope = Assignment.opinion_id.in_(_opinion_ids(filters))
    departments: dict[int, DepartmentInfo] = {}
    assignments: dict[int, AssignmentInfo] = {}
    assignment_rows = (
        select(
            Assignment.id,
            Assignment.opinion_id,
            Assignment.mode,
            Assignment.role,
            Assignment.status,
            Assignment.due_date,
            Department.id,
            Department.name,
            Department.short_name,
        )
        .join(Department, Department.id == Assignment.department_id)
        .where(active, in_scope)
        .order_by(Assignment.id)
    )
    for aid, oid, mode, role, status, due, did, d_name, d_short in db.session.execute(
        assignment_rows
    ):
        department = departments.get(did) or departments.setdefault(
            did, DepartmentInfo(did, d_name, d_short)
        )
        assignment = AssignmentInfo(aid, oid, department, mode, role, status, due)
        assignments[aid] = assignment
        opinions[oid].assignments.append(assignment)

    assignment_ids = select(Assignment.id).where(active, in_scope)
    replies: dict[int, ReplyInfo] = {}
    reply_rows = (
        select(
            Reply.id,
            Reply.assignment_id,
            Reply.round,
            Reply.purpose,
            Reply.status,
            Reply.channel,
            Reply.category,
            Rating.value,
        )
        .outerjoin(Rating, Rating.reply_id == Reply.id)
        .where(Reply.assignment_id.in_(assignment_ids))
        .order_by(Reply.id)
    )
    for rid, aid, round_, purpose, reply_status, channel, category, rating in db.session.execute(
        reply_rows
    ):
        reply = ReplyInfo(
            rid,
            round_,
            purpose,
            reply_status,
            channel,
            category,
            RatingInfo(rating) if rating is not None else None,
        )
        replies[rid] = reply
        assignments[aid].replies.append(reply)

    if replies:
        commitment_rows = (
            select(Commitment.reply_id, Commitment.status, Commitment.due_date)
            .join(Reply, Reply.id == Commitment.reply_id)
            .where(Reply.assignment_id.in_(assignment_ids))
            .order_by(Commitment.id)
        )
        for rid, commitment_status, due in db.session.execute(commitment_rows):
            replies[rid].commitments.append(CommitmentInfo(commitment_status, due))
    return list(opinions.values())
