"""Working-day arithmetic on the official Chinese calendar (holidays and 调休 make-up days)."""

import logging
from datetime import date, timedelta

import chinese_calendar
from flask import current_app, has_app_context

log = logging.getLogger(__name__)

DEFAULT_WORKING_DAYS = 20
_warned_years: set[int] = set()


def is_workday(day: date) -> bool:
    """True on an official working day; outside the calendar's years, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        # The package knows only the years the State Council has published; a due date in
        # a later year must still be computed, so fall back to the plain week.
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning("chinese_calendar has no data for %s: counting Monday to Friday", day.year)
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count


def configured_working_days() -> int:
    """The office's default reply deadline: its settings page, else ASSIGNMENT_WORKING_DAYS."""
    if not has_app_context():
        return DEFAULT_WORKING_DAYS
    from office.services import find_settings

    settings = find_settings()
    if settings is not None and settings.reply_working_days:
        return max(1, settings.reply_working_days)
    value = current_app.config.get("ASSIGNMENT_WORKING_DAYS", DEFAULT_WORKING_DAYS)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        log.warning("ASSIGNMENT_WORKING_DAYS=%r is not a number: using %s", value, 20)
        return DEFAULT_WORKING_DAYS


def default_due_date(start: date) -> date:
    """The due date of an assignment made on `start`: the default reply deadline on."""
    return add_working_days(start, configured_working_days())
