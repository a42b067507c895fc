"""Opinions (意见建议): submit, edit, order by speaking turn, suggestions and themes.

Every function here only flushes; the request (or CLI command) commits once. Functions
that take `by_user` check the permission policy themselves, so the demo loader and other
packages cannot bypass a rule by skipping the view; `by_user=None` means the system
(demo loader, CLI) and skips only the per-user check, never the meeting's state.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from accounts.models import Role, User
from accounts.policy import can, invited_to, scope
from common.converters import is_id
from common.errors import RuleViolation
from common.ordering import DIRECTIONS, neighbour, swap_positions
from extensions import db
from meetings import hooks, services
from meetings.models import Invitation, Meeting
from opinions.models import (
    ConsensusPoint,
    Opinion,
    OpinionChannel,
    Suggestion,
)
from opinions.steps import place
from opinions.themes import split_themes, themes_named
from participants.models import Participant, ParticipantKind

# The order of 协商发言: agency representatives, citizens, members, then experts, officials.
SPEAKING_ORDER = (
    ParticipantKind.AGENCY,
    ParticipantKind.CITIZEN,
    ParticipantKind.MEMBER,
    ParticipantKind.EXPERT,
    ParticipantKind.OFFICIAL,
)
MAX_TITLE = 200
MAX_SUGGESTIONS = 30


def kind_rank(kind: ParticipantKind) -> int:
    return SPEAKING_ORDER.index(kind) if kind in SPEAKING_ORDER else len(SPEAKING_ORDER)


def _kind_rank_sql() -> ColumnElement[int]:
    return case(
        *[(Participant.kind == kind, rank) for rank, kind in enumerate(SPEAKING_ORDER)],
        else_=len(SPEAKING_ORDER),
    )


# ---------------------------------------------------------------- reading


def visible_opinions(user: Any, meeting: Meeting | None = None) -> ColumnElement[bool]:
    """WHERE clause: exactly the opinions `opinion.view` allows `user` (the policy's scope;
    `meeting` is no longer needed: an invited member's meetings are part of it)."""
    return scope(user, "opinion.view")


def _loaded() -> tuple[LoaderOption, ...]:
    return (
        joinedload(Opinion.speaker),
        selectinload(Opinion.suggestions),
        selectinload(Opinion.themes),
        # The edit rule asks whether an opinion is assigned (backref from responses).
        selectinload(Opinion.assignments),
    )


def opinions_for_meeting(meeting: Meeting, user: Any = None) -> list[Opinion]:
    """The meeting's opinions the user may read, in speaking order, eagerly loaded."""
    query = (
        select(Opinion)
        .join(Opinion.speaker)
        .where(Opinion.meeting_id == meeting.id)
        .options(*_loaded())
        .order_by(_kind_rank_sql(), Opinion.position, Opinion.id)
    )
    if user is not None:
        query = query.where(visible_opinions(user, meeting))
    return list(db.session.scalars(query))


@dataclass
class SpeakerGroup:
    kind: ParticipantKind
    opinions: list[Opinion] = field(default_factory=list)


def grouped_by_kind(opinions: list[Opinion]) -> list[SpeakerGroup]:
    """Opinions (already in speaking order) grouped by the speaker's kind."""
    groups: list[SpeakerGroup] = []
    for opinion in opinions:
        if not groups or groups[-1].kind != opinion.speaker.kind:
            groups.append(SpeakerGroup(opinion.speaker.kind))
        groups[-1].opinions.append(opinion)
    return groups


def opinions_of_user(user: User) -> list[Opinion]:
    """ "My opinions": those the user spoke (as a member) or submitted, newest meeting first."""
    own = Opinion.submitted_by_id == user.id
    if user.participant_id is not None:
        own = or_(own, Opinion.speaker_id == user.participant_id)
    return list(
        db.session.scalars(
            select(Opinion)
            .join(Opinion.meeting)
            .where(own)
            .options(joinedload(Opinion.meeting), *_loaded())
            .order_by(Meeting.starts_at.desc(), Opinion.position, Opinion.id)
        )
    )


def get_opinion_or_404(meeting: Meeting, opinion_id: int) -> Opinion:
    """The opinion, provided it belongs to this meeting (another meeting's id is a 404)."""
    opinion = db.session.get(Opinion, opinion_id) if is_id(opinion_id) else None
    if opinion is None or opinion.meeting_id != meeting.id:
        abort(404)
    return opinion


def get_suggestion_or_404(opinion: Opinion, suggestion_id: int) -> Suggestion:
    suggestion = db.session.get(Suggestion, suggestion_id) if is_id(suggestion_id) else None
    if suggestion is None or suggestion.opinion_id != opinion.id:
        abort(404)
    return suggestion


def load_opinion_for_detail(opinion_id: int) -> Opinion:
    opinion = db.session.scalars(
        select(Opinion)
        .where(Opinion.id == opinion_id)
        .options(joinedload(Opinion.meeting), joinedload(Opinion.submitted_by), *_loaded())
        .execution_options(populate_existing=True)
    ).first()
    if opinion is None:
        abort(404)
    return opinion


def speaker_candidates(meeting: Meeting, current: Participant | None = None) -> list[Participant]:
    """Whom the secretariat may record an opinion for: the meeting's invitees."""
    people = list(
        db.session.scalars(
            select(Participant)
            .join(Invitation, Invitation.participant_id == Participant.id)
            .where(Invitation.meeting_id == meeting.id)
            .order_by(_kind_rank_sql(), Participant.name, Participant.id)
        )
    )
    # A speaker uninvited since keeps their opinion; they stay selectable on its form.
    if current is not None and current not in people:
        people.insert(0, current)
    return people


# ---------------------------------------------------------------- rules


def _deny(message: str, status: int = 403) -> RuleViolation:
    return RuleViolation(message, status)


def ensure_may_edit(opinion: Opinion, by_user: User | None) -> None:
    """A closed meeting's opinions are final; members edit their own while the window is open."""
    services.ensure_editable(opinion.meeting)
    if by_user is not None and not can(by_user, "opinion.edit", opinion):
        if by_user.role is Role.MEMBER and not opinion.meeting.opinions_open:
            raise _deny(_("The opinion window of this meeting is closed."), 409)
        raise _deny(_("You may not change this opinion."))


def _is_invited(meeting: Meeting, participant: Participant) -> bool:
    return (
        db.session.scalar(
            select(Invitation.id).where(
                Invitation.meeting_id == meeting.id, Invitation.participant_id == participant.id
            )
        )
        is not None
    )


def _check_speaker(
    meeting: Meeting, speaker: Participant | None, keep: Participant | None = None
) -> None:
    if speaker is None:
        raise RuleViolation(_("Choose the speaker of the opinion."))
    if speaker is not keep and not _is_invited(meeting, speaker):
        raise RuleViolation(_("%(name)s is not invited to this meeting.", name=speaker.name), 422)


def clean_suggestions(texts: list[str] | str | None) -> list[str]:
    if isinstance(texts, str):
        texts = texts.splitlines()
    cleaned = [t.strip() for t in (texts or []) if t and t.strip()]
    if len(cleaned) > MAX_SUGGESTIONS:
        raise RuleViolation(_("An opinion may have at most %(n)s suggestions.", n=MAX_SUGGESTIONS))
    return cleaned


def _apply(opinion: Opinion, data: dict[str, Any]) -> None:
    unknown = set(data) - {"title", "body", "themes", "channel", "agenda_item_id"}
    if unknown:
        raise ValueError(f"unknown opinion fields: {sorted(unknown)}")
    if "title" in data:
        opinion.title = " ".join((data["title"] or "").split())
    if "body" in data:
        opinion.body = (data["body"] or "").strip()
    if "channel" in data:
        try:
            opinion.channel = OpinionChannel(data["channel"])
        except ValueError:
            raise RuleViolation(_("Choose how the opinion was given.")) from None
    if not opinion.title:
        raise RuleViolation(_("An opinion needs a title."))
    if len(opinion.title) > MAX_TITLE:
        raise RuleViolation(_("The title may have at most %(n)s characters.", n=MAX_TITLE))
    if "themes" in data:
        opinion.themes = themes_named(split_themes(data["themes"]))
    if "agenda_item_id" in data or opinion.channel is OpinionChannel.WRITTEN:
        # No step chosen ("proposed from the speaker"): propose one from the speaker's kind.
        place(opinion, data.get("agenda_item_id"), propose=True)


def _next_position(meeting: Meeting) -> int:
    last = db.session.scalar(
        select(func.max(Opinion.position)).where(Opinion.meeting_id == meeting.id)
    )
    return (last or 0) + 1


# ---------------------------------------------------------------- writing


def submit_opinion(
    meeting: Meeting, speaker: Participant | None, data: dict[str, Any], by_user: User | None = None
) -> Opinion:
    """A new opinion. `data`: title, body, themes (text or list), channel, suggestions.

    A member submits for themself, in writing, while the window is open; the secretariat
    (or the system) records one for any invitee, oral or written.
    """
    services.ensure_editable(meeting)
    data = dict(data)
    suggestions = clean_suggestions(data.pop("suggestions", None))
    if by_user is not None:
        if not can(by_user, "opinion.create", meeting):
            if by_user.role is Role.MEMBER and invited_to(by_user, meeting):
                raise _deny(_("The opinion window of this meeting is closed."), 409)
            raise _deny(_("You may not submit an opinion for this meeting."))
        if by_user.role is Role.MEMBER:
            speaker = by_user.participant
            data["channel"] = OpinionChannel.WRITTEN
    _check_speaker(meeting, speaker)
    data.setdefault("channel", OpinionChannel.WRITTEN)
    opinion = Opinion(
        meeting=meeting,
        speaker=speaker,
        body="",
        position=_next_position(meeting),
        submitted_by_id=by_user.id if by_user is not None else None,
    )
    data.setdefault("agenda_item_id", None)
    _apply(opinion, data)
    db.session.add(opinion)
    opinion.suggestions = [Suggestion(position=n, text=t) for n, t in enumerate(suggestions, 1)]
    db.session.flush()
    return opinion


def update_opinion(
    opinion: Opinion,
    data: dict[str, Any],
    by_user: User | None = None,
    speaker: Participant | None = None,
) -> Opinion:
    """Change title, body, themes; the secretariat may also change channel and speaker."""
    ensure_may_edit(opinion, by_user)
    data = dict(data)
    if by_user is not None and by_user.role is not Role.SECRETARIAT:
        # A member's opinion stays theirs and written, whatever a crafted form says.
        data.pop("channel", None)
        speaker = None
    if speaker is not None and speaker is not opinion.speaker:
        _check_speaker(opinion.meeting, speaker, keep=opinion.speaker)
        opinion.speaker = speaker
    _apply(opinion, data)
    db.session.flush()
    return opinion


def delete_opinion(opinion: Opinion, by_user: User | None = None) -> None:
    """Remove an opinion; refused once it has been assigned (交办) to a department."""
    ensure_may_edit(opinion, by_user)
    if getattr(opinion, "assignments", None):
        raise RuleViolation(
            _("This opinion has been assigned to a department and can no longer be deleted."),
            409,
        )
    # Unlink it from consensus points through the ORM, so the audit trail sees it.
    for point in db.session.scalars(
        select(ConsensusPoint).where(ConsensusPoint.opinions.any(Opinion.id == opinion.id))
    ):
        point.opinions.remove(opinion)
    db.session.delete(opinion)
    db.session.flush()


def move_opinion(opinion: Opinion, direction: str) -> bool:
    """Swap with the neighbour in the same speaker group. False when already at that end."""
    if direction not in DIRECTIONS:
        raise RuleViolation(_("Choose whether to move the opinion up or down."))
    meeting = opinion.meeting
    services.ensure_editable(meeting)
    ordered = opinions_for_meeting(meeting)
    for position, item in enumerate(ordered, start=1):
        item.position = position
    other = neighbour(ordered, opinion, direction)
    moved = other is not None and other.speaker.kind == opinion.speaker.kind
    if moved:
        swap_positions(opinion, other)
    db.session.flush()
    return moved


@hooks.before_uninviting
def speakers_stay_invited(invitation: Invitation) -> list[str]:
    """Someone whose opinion is on the meeting's record stays invited to it."""
    found = db.session.scalar(
        select(Opinion.id)
        .where(
            Opinion.meeting_id == invitation.meeting_id,
            Opinion.speaker_id == invitation.participant_id,
        )
        .limit(1)
    )
    if found is None:
        return []
    return [
        _(
            "%(name)s has opinions recorded for this meeting; they stay invited.",
            name=invitation.participant.name,
        )
    ]
