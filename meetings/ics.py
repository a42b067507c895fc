"""A meeting as an iCalendar file (RFC 5545), for the calendars of everyone invited."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event

from common import clock
from meetings.models import Meeting, MeetingStatus

PRODID = "-//XieShangTong//Consultation meetings//ZH"

ICS_STATUS = {
    MeetingStatus.DRAFT: "TENTATIVE",
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CLOSED: "CONFIRMED",
    MeetingStatus.ARCHIVED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    """Stable across downloads, so a calendar updates the event instead of adding one."""
    domain = current_app.config.get("ICS_UID_DOMAIN", "xieshangtong.invalid")
    return f"meeting-{meeting.id}@{domain}"


def meeting_sequence(meeting: Meeting) -> int:
    """Grows with every saved change of the meeting record (seconds since creation).

    A dedicated revision counter would be tidier; this one needs no schema change and
    never goes backwards, which is all RFC 5545 asks of SEQUENCE.
    """
    if meeting.created_at is None or meeting.updated_at is None:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def meeting_description(meeting: Meeting) -> str:
    lines = [_("Kind: %(kind)s", kind=meeting.kind.label)]
    if meeting.organiser_committee:
        lines.append(_("Organiser: %(committee)s", committee=meeting.organiser_committee))
    if meeting.chair is not None:
        lines.append(_("Chair: %(name)s", name=meeting.chair.name))
    if meeting.agenda_items:
        lines.append(_("Agenda:"))
        for item in meeting.agenda_items:
            line = f"{item.position}. {item.title}"
            if item.presenter is not None:
                line += f" — {item.presenter.name}"
            if item.planned_minutes:
                line += " " + _("(%(n)s min)", n=item.planned_minutes)
            lines.append(line)
    if meeting.description:
        lines.extend(["", meeting.description])
    return "\n".join(lines)


def meeting_calendar(meeting: Meeting, stamp: datetime | None = None) -> bytes:
    """The .ics bytes: one VEVENT with times in the meeting's zone and its VTIMEZONE."""
    tz = ZoneInfo(current_app.config.get("MEETING_TIMEZONE", "Asia/Shanghai"))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp or clock.utcnow().replace(tzinfo=UTC))
    event.add("dtstart", meeting.starts_at.replace(tzinfo=tz))
    event.add("dtend", meeting.ends_at.replace(tzinfo=tz))
    event.add("summary", meeting.title)
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("description", meeting_description(meeting))
    event.add("status", ICS_STATUS[meeting.status])
    event.add("sequence", meeting_sequence(meeting))
    if meeting.updated_at is not None:
        event.add("last-modified", meeting.updated_at.replace(tzinfo=tz))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}-{meeting.starts_at:%Y%m%d}.ics"
