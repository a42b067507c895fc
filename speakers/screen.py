"""What the speakers list shows rather than changes: the hall screen's state and the
after-meeting summary of actual against allowed speaking times."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from meetings import services
from meetings.models import Meeting
from speakers.models import SpeakerSlot, SpeakerStatus
from speakers.services import current_slot, is_open, list_slots, waiting_slots


def format_duration(seconds: int | float | None) -> str:
    """mm:ss as the timer shows it, with a minus sign below zero (-01:05)."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def _person(slot: SpeakerSlot) -> dict[str, object]:
    person = slot.participant
    return {
        "id": slot.id,
        "name": person.name,
        "affiliation": person.affiliation or "",
        "title": person.title or "",
        "kind": str(person.kind.label),
        "topic": slot.topic or "",
        "time_limit_seconds": slot.time_limit_seconds,
    }


def screen_state(
    meeting: Meeting,
    at: datetime | None = None,
    upcoming: int = 3,
    slots: list[SpeakerSlot] | None = None,
) -> dict[str, Any]:
    """What the hall's screen shows, as JSON: the client computes the countdown from
    `started_at`, `time_limit_seconds` and the server's `now` (cancelling clock skew)."""
    at = at or services.current_time()
    slots = list_slots(meeting) if slots is None else slots
    current = current_slot(slots)
    current_data = None
    if current is not None and current.started_at is not None:  # speaking: it has started
        current_data = _person(current) | {"started_at": current.started_at.isoformat()}
    return {
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "status": meeting.status.value,
            "open": is_open(meeting),
        },
        "now": at.isoformat(),
        "current": current_data,
        "next": [_person(s) for s in waiting_slots(slots)[:upcoming]],
        "spoken": sum(1 for s in slots if s.status == SpeakerStatus.SPOKEN),
        "total": len(slots),
    }


@dataclass
class DurationRow:
    slot: SpeakerSlot
    over_seconds: int | None  # actual minus limit; None when the speech was not timed


def duration_summary(slots: list[SpeakerSlot]) -> tuple[list[DurationRow], int, int]:
    """Who has spoken, actual length against the limit; totals of (actual, limit) seconds."""
    rows = [
        DurationRow(
            s, None if s.duration_seconds is None else s.duration_seconds - s.time_limit_seconds
        )
        for s in slots
        if s.status == SpeakerStatus.SPOKEN
    ]
    timed = [r.slot for r in rows if r.over_seconds is not None]
    return (
        rows,
        sum(s.duration_seconds or 0 for s in timed),
        sum(s.time_limit_seconds for s in timed),
    )
