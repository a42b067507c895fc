"""Working days on the official calendar: holidays skipped, 调休 make-up days counted."""

import logging
from datetime import date

import pytest

from responses import workdays
from responses.workdays import add_working_days, default_due_date, is_workday


def test_national_day_2025_is_skipped_and_the_make_up_saturday_counts():
    # 2025-10-01..08 off (国庆 + 中秋); Saturday 10-11 is a make-up working day.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 2) == date(2025, 10, 10)
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert add_working_days(date(2025, 9, 30), 4) == date(2025, 10, 13)


def test_make_up_sunday_before_national_day_counts():
    assert is_workday(date(2025, 9, 28))  # a Sunday
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)


def test_spring_festival_2026():
    assert is_workday(date(2026, 2, 14))  # Saturday before 春节
    assert not is_workday(date(2026, 2, 23))  # a Monday off
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_twenty_working_days_across_national_day(app):
    # Plain weekdays would give 2025-10-20; the holiday week pushes it to 10-24.
    assert default_due_date(date(2025, 9, 22)) == date(2025, 10, 24)


def test_configured_number_of_working_days(app):
    app.config["ASSIGNMENT_WORKING_DAYS"] = 3
    try:
        assert default_due_date(date(2025, 9, 30)) == date(2025, 10, 11)
    finally:
        app.config.pop("ASSIGNMENT_WORKING_DAYS")


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1)


def test_years_the_calendar_does_not_know_fall_back_to_weekdays(caplog, monkeypatch):
    monkeypatch.setattr(workdays, "_warned_years", set())
    with caplog.at_level(logging.WARNING, logger="responses.workdays"):
        # 2026-12-31 is a Thursday; 2027 is beyond the package: Friday 01-01 counts.
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
        assert add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)
        assert add_working_days(date(2099, 6, 5), 1) == date(2099, 6, 8)
    warnings = [r for r in caplog.records if "no data" in r.getMessage()]
    assert {w.args[0] for w in warnings} == {2027, 2099}  # once per year, not per day


def test_years_before_the_calendar_fall_back_too():
    assert is_workday(date(1999, 1, 4))  # a Monday
    assert not is_workday(date(1999, 1, 2))  # a Saturday
