"""Which agenda step a speech was made in (opinion.agenda_item), proposed and checked here.

The minutes print every oral opinion under its own speeches step. A meeting may split the
speeches into several steps (e.g. 机构代表、家长代表交流发言 then 政协委员协商发言): the step
for a new oral opinion is proposed from the speaker's kind — the step whose title names
that kind of speaker, else the step where the speakers of that kind already spoke, else the
first speeches step — and the secretariat may change it. Written opinions have no step.
"""

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from common.errors import RuleViolation
from extensions import db
from meetings.models import AgendaItem, AgendaKind, Meeting
from opinions.models import Opinion, OpinionChannel
from participants.models import Participant, ParticipantKind

# Words in a step's title that name who speaks in it.
KIND_WORDS: dict[ParticipantKind, tuple[str, ...]] = {
    ParticipantKind.MEMBER: ("委员",),
    ParticipantKind.AGENCY: ("机构", "单位代表", "企业"),
    ParticipantKind.CITIZEN: ("家长", "群众", "市民", "居民", "村民"),
    ParticipantKind.EXPERT: ("专家", "学者"),
    ParticipantKind.OFFICIAL: ("部门", "政府"),
}


def speech_steps(meeting: Meeting) -> list[AgendaItem]:
    return [item for item in meeting.agenda_items if item.kind is AgendaKind.SPEECHES]


def propose_step(meeting: Meeting, speaker: Participant | None) -> AgendaItem | None:
    """The speeches step an oral opinion of `speaker` most likely belongs to."""
    steps = speech_steps(meeting)
    if len(steps) <= 1 or speaker is None:
        return steps[0] if steps else None
    words = KIND_WORDS.get(speaker.kind, ())
    named = [step for step in steps if any(word in step.title for word in words)]
    if len(named) == 1:
        return named[0]
    placed = Counter(
        db.session.scalars(
            select(Opinion.agenda_item_id)
            .join(Participant, Participant.id == Opinion.speaker_id)
            .where(
                Opinion.meeting_id == meeting.id,
                Opinion.agenda_item_id.is_not(None),
                Participant.kind == speaker.kind,
            )
        )
    )
    if placed:
        step_id = placed.most_common(1)[0][0]
        return next((step for step in steps if step.id == step_id), steps[0])
    return (named or steps)[0]


def step_of_meeting(meeting: Meeting, step_id: int | None) -> AgendaItem | None:
    """The agenda step `step_id` of this meeting; a step of another meeting is refused."""
    if step_id is None:
        return None
    step = db.session.get(AgendaItem, step_id)
    if step is None or step.meeting_id != meeting.id:
        raise RuleViolation(_("Choose a step of this meeting's agenda."), 422)
    return step


def place(opinion: Opinion, step_id: int | None, *, propose: bool) -> None:
    """Put the opinion in its step: the chosen one, or (when `propose`) the proposed one.

    Written opinions are printed under their own heading and belong to no step.
    """
    if opinion.channel is OpinionChannel.WRITTEN:
        opinion.agenda_item = None
        return
    chosen = step_of_meeting(opinion.meeting, step_id)
    if chosen is None and propose:
        chosen = propose_step(opinion.meeting, opinion.speaker)
    opinion.agenda_item = chosen


def step_choices(meeting: Meeting) -> list[tuple[int | str, str]]:
    """The opinion form's choices: every agenda step, speeches steps first."""
    steps = sorted(
        meeting.agenda_items, key=lambda s: (s.kind is not AgendaKind.SPEECHES, s.position)
    )
    return [("", _("Proposed from the speaker"))] + [
        (step.id, f"{step.position}. {step.title}") for step in steps
    ]
