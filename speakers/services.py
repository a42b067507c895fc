"""The meeting day's speakers list (发言顺序): who speaks in which order, for how long.

Modelled on OpenSlides' list of speakers: slots wait, one speaks at a time, then they have
spoken (with the actual duration recorded) or were skipped. Every function only flushes;
the request commits once. The clock is meetings.services.current_time (tests fix it).
"""

from dataclasses import dataclass
from datetime import datetime

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.errors import RuleViolation
from common.ordering import DIRECTIONS, neighbour, swap_positions
from extensions import db
from meetings import hooks, invitations, services
from meetings.models import Attendance, Invitation, InvitationRole, Meeting, MeetingStatus
from opinions.models import Opinion
from participants.models import Participant, ParticipantKind
from speakers.models import SpeakerSlot, SpeakerStatus

# The list runs only while the meeting is on the calendar or under way.
OPEN_STATUSES = frozenset({MeetingStatus.SCHEDULED, MeetingStatus.HELD})

# Speaking order of a 请你来协商 meeting: agencies, citizens, members, then everyone else.
SPEAKING_ORDER = {
    ParticipantKind.AGENCY: 0,
    ParticipantKind.CITIZEN: 1,
    ParticipantKind.MEMBER: 2,
    ParticipantKind.OFFICIAL: 3,
    ParticipantKind.EXPERT: 4,
}

# People who said they will not come are left out when the list is filled.
NOT_COMING = frozenset({Attendance.DECLINED, Attendance.ABSENT})

MAX_MINUTES = 120
TOPIC_LENGTH = 200


@dataclass
class FillResult:
    added: int
    already: int
    not_coming: int


def default_time_limit_seconds() -> int:
    return int(current_app.config.get("SPEECH_MINUTES_DEFAULT", 5)) * 60


# ---------------------------------------------------------------- loading


def list_slots(meeting: Meeting, fresh: bool = False) -> list[SpeakerSlot]:
    """The meeting's slots in speaking order, with each speaker loaded (one query).

    `fresh` re-reads rows already in the session (after taking the lock, what another
    request committed meanwhile must win over what this one read before).
    """
    query = (
        select(SpeakerSlot)
        .where(SpeakerSlot.meeting_id == meeting.id)
        .options(joinedload(SpeakerSlot.participant))
        .order_by(SpeakerSlot.position, SpeakerSlot.id)
    )
    if fresh:
        query = query.execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def get_slot_or_404(meeting: Meeting, slot_id: int) -> SpeakerSlot:
    """The slot, provided it belongs to this meeting (another meeting's id is a 404).
    `slot_id` comes through the <id:...> URL converter, so it is a valid record id."""
    slot = db.session.get(SpeakerSlot, slot_id)
    if slot is None or slot.meeting_id != meeting.id:
        abort(404)
    return slot


def current_slot(slots: list[SpeakerSlot]) -> SpeakerSlot | None:
    return next((s for s in slots if s.status == SpeakerStatus.SPEAKING), None)


def waiting_slots(slots: list[SpeakerSlot]) -> list[SpeakerSlot]:
    return [s for s in slots if s.status == SpeakerStatus.WAITING]


def is_open(meeting: Meeting) -> bool:
    return meeting.status in OPEN_STATUSES


def ensure_open(meeting: Meeting) -> None:
    """Drafts have no meeting day yet; closed, archived and cancelled meetings are final."""
    if meeting.status == MeetingStatus.DRAFT:
        raise RuleViolation(_("The speakers list can be used once the meeting is scheduled."), 409)
    if meeting.status not in OPEN_STATUSES:
        raise RuleViolation(
            _(
                "This meeting is %(status)s; its speakers list can no longer be changed.",
                status=meeting.status.label,
            ),
            409,
        )


def _lock(meeting: Meeting) -> list[SpeakerSlot]:
    """Serialise writers on one meeting's list (PostgreSQL row lock), then load the list."""
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    return list_slots(meeting, fresh=True)


def _renumber(slots: list[SpeakerSlot]) -> None:
    for position, slot in enumerate(slots, start=1):
        slot.position = position


def _topics(meeting: Meeting, people: list[Participant]) -> dict[int, str]:
    """Each person's default topic: the title of their first opinion, else their affiliation."""
    topics = {p.id: (p.affiliation or "") for p in people}
    if not people:
        return topics
    rows = db.session.execute(
        select(Opinion.speaker_id, Opinion.title)
        .where(Opinion.meeting_id == meeting.id, Opinion.speaker_id.in_(list(topics)))
        .order_by(Opinion.position.desc(), Opinion.id.desc())
    )
    for speaker_id, title in rows:  # the last row written per speaker is their first opinion
        if title:
            topics[speaker_id] = title
    return {pid: topic[:TOPIC_LENGTH] for pid, topic in topics.items()}


def _minutes_to_seconds(minutes: int | None) -> int:
    if minutes is None:
        return default_time_limit_seconds()
    if not 1 <= minutes <= MAX_MINUTES:
        raise RuleViolation(
            _("The speaking time must be between 1 and %(max)s minutes.", max=MAX_MINUTES)
        )
    return minutes * 60


# ---------------------------------------------------------------- building the list


def fill_from_invitations(meeting: Meeting) -> FillResult:
    """Add every invited speaker not yet listed, in the speaking order, at the end.

    Agencies, citizens, members, then the rest; within a kind, in the order they were
    invited. Those who declined or are excused (请假) are left out and counted apart.
    """
    ensure_open(meeting)
    slots = _lock(meeting)
    listed = {s.participant_id for s in slots}
    speakers = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.meeting_id == meeting.id, Invitation.role == InvitationRole.SPEAKER)
            .options(joinedload(Invitation.participant))
            .order_by(Invitation.id)
        )
    )
    speakers.sort(key=lambda i: SPEAKING_ORDER.get(i.participant.kind, len(SPEAKING_ORDER)))
    result = FillResult(added=0, already=0, not_coming=0)
    to_add: list[Participant] = []
    for invitation in speakers:
        if invitation.participant_id in listed:
            result.already += 1
        elif invitation.attendance in NOT_COMING:
            result.not_coming += 1
        else:
            to_add.append(invitation.participant)
    topics = _topics(meeting, to_add)
    _renumber(slots)
    limit = default_time_limit_seconds()
    for position, person in enumerate(to_add, start=len(slots) + 1):
        db.session.add(
            SpeakerSlot(
                meeting_id=meeting.id,
                participant=person,
                position=position,
                topic=topics[person.id],
                time_limit_seconds=limit,
                status=SpeakerStatus.WAITING,
            )
        )
    result.added = len(to_add)
    db.session.flush()
    return result


def add_speaker(
    meeting: Meeting,
    participant: Participant,
    topic: str | None = None,
    minutes: int | None = None,
    speak_next: bool = False,
) -> SpeakerSlot:
    """Put someone on the list on the spot; invite them as a speaker if they were not invited.

    An invited attendee (列席) becomes a speaker; other roles (chair, leader, responder) keep
    theirs. `speak_next` puts them right before the first waiting speaker.
    """
    ensure_open(meeting)
    slots = _lock(meeting)
    if any(s.participant_id == participant.id for s in slots):
        raise RuleViolation(
            _("%(name)s is already on the speakers list.", name=participant.name), 409
        )
    limit = _minutes_to_seconds(minutes)
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.participant_id == participant.id
        )
    )
    if invitation is None:
        invitations.invite(meeting, participant, role=InvitationRole.SPEAKER)
    elif invitation.role == InvitationRole.ATTENDEE:
        invitations.update_invitation(invitation, role=InvitationRole.SPEAKER)
    topic = (topic or "").strip()[:TOPIC_LENGTH] or _topics(meeting, [participant])[participant.id]
    slot = SpeakerSlot(
        meeting_id=meeting.id,
        participant=participant,
        topic=topic,
        time_limit_seconds=limit,
        status=SpeakerStatus.WAITING,
    )
    index = len(slots)
    if speak_next:
        first_waiting = waiting_slots(slots)[:1]
        index = slots.index(first_waiting[0]) if first_waiting else len(slots)
    slots.insert(index, slot)
    _renumber(slots)
    db.session.add(slot)
    db.session.flush()
    return slot


def update_slot(slot: SpeakerSlot, topic: str, minutes: int) -> SpeakerSlot:
    """Change the topic and the speaking time (also for the current speaker: more time)."""
    ensure_open(slot.meeting)
    slot.time_limit_seconds = _minutes_to_seconds(minutes)
    slot.topic = (topic or "").strip()[:TOPIC_LENGTH]
    db.session.flush()
    return slot


def move_slot(slot: SpeakerSlot, direction: str) -> bool:
    """Swap a waiting slot with the waiting one above or below. False when already at the end."""
    if direction not in DIRECTIONS:
        raise RuleViolation(_("Choose whether to move the speaker up or down."))
    ensure_open(slot.meeting)
    slots = _lock(slot.meeting)
    _renumber(slots)
    if slot.status != SpeakerStatus.WAITING:
        raise RuleViolation(_("Only speakers who are still waiting can be moved."), 409)
    other = neighbour(waiting_slots(slots), slot, direction)
    if other is None:
        return False
    swap_positions(slot, other)
    db.session.flush()
    return True


def remove_slot(slot: SpeakerSlot) -> None:
    """Take a waiting speaker off the list (their invitation stays)."""
    meeting = slot.meeting
    ensure_open(meeting)
    slots = _lock(meeting)
    if slot.status != SpeakerStatus.WAITING:
        raise RuleViolation(_("Only speakers who are still waiting can be removed."), 409)
    slots.remove(slot)
    db.session.delete(slot)
    _renumber(slots)
    db.session.flush()


# ---------------------------------------------------------------- the speeches


def _finish(slot: SpeakerSlot, at: datetime) -> None:
    slot.status = SpeakerStatus.SPOKEN
    slot.ended_at = at
    if slot.started_at is not None:  # only a running speech is finished, and it has started
        slot.duration_seconds = max(0, int((at - slot.started_at).total_seconds()))


def stop_current(meeting: Meeting, at: datetime | None = None) -> SpeakerSlot | None:
    """End whatever speech is running, recording its length; None if nobody was speaking.

    No status check: closing a meeting may call this to leave no timer running.
    """
    at = at or services.current_time()
    stopped = None
    for slot in list_slots(meeting):
        if slot.status == SpeakerStatus.SPEAKING:
            _finish(slot, at)
            stopped = slot
    db.session.flush()
    return stopped


@hooks.on_status_change
def stop_when_meeting_ends(meeting: Meeting, new_status: MeetingStatus) -> None:
    """No timer keeps running on a meeting that has been closed or cancelled."""
    if new_status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        stop_current(meeting)


def start_speech(slot: SpeakerSlot, at: datetime | None = None) -> SpeakerSlot:
    """Give the floor to a waiting (or earlier skipped) speaker; the current speech stops."""
    meeting = slot.meeting
    ensure_open(meeting)
    slots = _lock(meeting)
    if slot.status == SpeakerStatus.SPEAKING:
        raise RuleViolation(_("%(name)s is already speaking.", name=slot.participant.name), 409)
    if slot.status == SpeakerStatus.SPOKEN:
        raise RuleViolation(_("%(name)s has already spoken.", name=slot.participant.name), 409)
    at = at or services.current_time()
    for other in slots:
        if other.status == SpeakerStatus.SPEAKING:
            _finish(other, at)
    slot.status = SpeakerStatus.SPEAKING
    slot.started_at = at
    slot.ended_at = None
    slot.duration_seconds = None
    db.session.flush()
    return slot


def start_next(meeting: Meeting, at: datetime | None = None) -> SpeakerSlot:
    """Give the floor to the first waiting speaker (the current speech stops)."""
    ensure_open(meeting)
    waiting = waiting_slots(list_slots(meeting))
    if not waiting:
        raise RuleViolation(_("Nobody is waiting to speak."), 409)
    return start_speech(waiting[0], at)


def stop_speech(slot: SpeakerSlot, at: datetime | None = None) -> SpeakerSlot:
    """End the running speech: the speaker has spoken, for the time the clock measured."""
    ensure_open(slot.meeting)
    _lock(slot.meeting)
    if slot.status != SpeakerStatus.SPEAKING:
        raise RuleViolation(_("%(name)s is not speaking.", name=slot.participant.name), 409)
    _finish(slot, at or services.current_time())
    db.session.flush()
    return slot


def mark_spoken(slot: SpeakerSlot, at: datetime | None = None) -> SpeakerSlot:
    """Record that someone spoke. A running speech is stopped and timed; an untimed one
    (the timer was not used) is marked without a duration."""
    if slot.status == SpeakerStatus.SPEAKING:
        return stop_speech(slot, at)
    ensure_open(slot.meeting)
    if slot.status == SpeakerStatus.SPOKEN:
        raise RuleViolation(_("%(name)s has already spoken.", name=slot.participant.name), 409)
    slot.status = SpeakerStatus.SPOKEN
    slot.started_at = slot.ended_at = None
    slot.duration_seconds = None
    db.session.flush()
    return slot


def skip_speaker(slot: SpeakerSlot) -> SpeakerSlot:
    """Pass over a waiting speaker (not present, gave up the turn); they can still be called."""
    ensure_open(slot.meeting)
    if slot.status != SpeakerStatus.WAITING:
        raise RuleViolation(_("Only speakers who are still waiting can be skipped."), 409)
    slot.status = SpeakerStatus.SKIPPED
    db.session.flush()
    return slot


# ---------------------------------------------------------------- reading it out


def candidates(
    meeting: Meeting, slots: list[SpeakerSlot]
) -> tuple[list[Participant], list[Participant]]:
    """People who could be added on the spot: (invited, not yet invited but active)."""
    listed = {s.participant_id for s in slots}
    invited = list(
        db.session.scalars(
            select(Participant)
            .join(Invitation, Invitation.participant_id == Participant.id)
            .where(Invitation.meeting_id == meeting.id)
            .order_by(Participant.kind, Participant.name, Participant.id)
        )
    )
    invited_ids = {p.id for p in invited}
    others = [p for p in services.active_participants() if p.id not in invited_ids]
    return [p for p in invited if p.id not in listed], [p for p in others if p.id not in listed]
