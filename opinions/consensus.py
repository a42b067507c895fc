"""Consensus points (共识): what the chair states in the summary, linked to the opinions.

Points are stated at the meeting: they may be recorded once it is held, or on the meeting
day while it is still marked scheduled; a draft, closed, archived or cancelled meeting is
refused. Every function only flushes; the request commits once.
"""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from accounts.models import User
from accounts.policy import can
from common.converters import is_id
from common.errors import RuleViolation
from common.ordering import DIRECTIONS, neighbour, swap_positions
from extensions import db
from meetings import hooks, services
from meetings.models import Meeting, MeetingStatus
from opinions.models import ConsensusPoint, Opinion

MAX_POINT_TEXT = 5000


def points_for_meeting(meeting: Meeting) -> list[ConsensusPoint]:
    """The meeting's points in order, with their linked opinions loaded."""
    return list(
        db.session.scalars(
            select(ConsensusPoint)
            .where(ConsensusPoint.meeting_id == meeting.id)
            .options(selectinload(ConsensusPoint.opinions))
            .order_by(ConsensusPoint.position, ConsensusPoint.id)
        )
    )


def count_points(meeting: Meeting) -> int:
    return (
        db.session.scalar(
            select(func.count(ConsensusPoint.id)).where(ConsensusPoint.meeting_id == meeting.id)
        )
        or 0
    )


def get_point_or_404(meeting: Meeting, point_id: int) -> ConsensusPoint:
    point = db.session.get(ConsensusPoint, point_id) if is_id(point_id) else None
    if point is None or point.meeting_id != meeting.id:
        abort(404)
    return point


def consensus_open(meeting: Meeting) -> bool:
    """Held, or scheduled and today is the meeting day (by the office clock)."""
    if meeting.status == MeetingStatus.HELD:
        return True
    if meeting.status == MeetingStatus.SCHEDULED:
        today = services.current_time().date()
        return meeting.starts_at.date() <= today <= meeting.ends_at.date()
    return False


def ensure_consensus_open(meeting: Meeting, by_user: User | None = None) -> None:
    if by_user is not None and not can(by_user, "consensus.edit", meeting):
        raise RuleViolation(_("You may not record consensus points."), 403)
    services.ensure_editable(meeting)
    if not consensus_open(meeting):
        raise RuleViolation(
            _(
                "Consensus points are recorded at the meeting: once it is held, or on the "
                "meeting day. This meeting is %(status)s.",
                status=meeting.status.label,
            ),
            409,
        )


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise RuleViolation(_("Enter the text of the consensus point."))
    if len(text) > MAX_POINT_TEXT:
        raise RuleViolation(
            _("A consensus point may have at most %(n)s characters.", n=MAX_POINT_TEXT)
        )
    return text


def _opinions(meeting: Meeting, opinion_ids: list[int] | None) -> list[Opinion]:
    wanted = {int(i) for i in (opinion_ids or [])}
    if not wanted:
        return []
    found = list(
        db.session.scalars(
            select(Opinion).where(Opinion.id.in_(wanted), Opinion.meeting_id == meeting.id)
        )
    )
    if len(found) != len(wanted):
        raise RuleViolation(_("A linked opinion does not belong to this meeting."))
    return found


def _renumber(meeting: Meeting) -> list[ConsensusPoint]:
    points = points_for_meeting(meeting)
    for position, point in enumerate(points, start=1):
        point.position = position
    return points


def add_consensus_point(
    meeting: Meeting, text: str, opinion_ids: list[int] | None = None, by_user: User | None = None
) -> ConsensusPoint:
    """Append a point, linked to these opinions of the meeting."""
    ensure_consensus_open(meeting, by_user)
    point = ConsensusPoint(
        meeting=meeting,
        text=_clean_text(text),
        position=len(_renumber(meeting)) + 1,
    )
    point.opinions = _opinions(meeting, opinion_ids)
    db.session.add(point)
    db.session.flush()
    return point


def update_consensus_point(
    point: ConsensusPoint,
    text: str,
    opinion_ids: list[int] | None = None,
    by_user: User | None = None,
) -> ConsensusPoint:
    ensure_consensus_open(point.meeting, by_user)
    point.text = _clean_text(text)
    point.opinions = _opinions(point.meeting, opinion_ids)
    db.session.flush()
    return point


def delete_consensus_point(point: ConsensusPoint, by_user: User | None = None) -> None:
    meeting = point.meeting
    ensure_consensus_open(meeting, by_user)
    point.opinions = []
    db.session.delete(point)
    db.session.flush()
    _renumber(meeting)
    db.session.flush()


def move_consensus_point(
    point: ConsensusPoint, direction: str, by_user: User | None = None
) -> bool:
    """Swap with the neighbouring point. False when already at that end."""
    if direction not in DIRECTIONS:
        raise RuleViolation(_("Choose whether to move the point up or down."))
    ensure_consensus_open(point.meeting, by_user)
    other = neighbour(_renumber(point.meeting), point, direction)
    if other is not None:
        swap_positions(point, other)
    db.session.flush()
    return other is not None


@hooks.before_closing
def closing_blockers(meeting: Meeting) -> list[str]:
    """What consensus still lacks before the meeting may be closed (办结)."""
    if count_points(meeting) == 0:
        return [_("Record at least one consensus point before closing the meeting.")]
    return []
