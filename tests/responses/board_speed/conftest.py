"""Fixtures for the board/tracking speed tests: the assignment tests' world, generated data."""

from datetime import date, datetime

import pytest

from tests import factories
from tests.responses.assign.conftest import TODAY, World, world  # noqa: F401

# The assignment tests' fixed day (a Monday in 2026); the board's default window runs from
# a year before it.
__all__ = ["TODAY", "World", "world"]


@pytest.fixture
def today(clock) -> date:
    clock.set(TODAY)
    return TODAY


def empty_database() -> None:
    """Remove every row (generate() wants an empty database; the app fixture cleans after)."""
    factories.empty_tables()


def old_meeting(title: str = "二〇二四年协商会", starts_at: datetime = datetime(2024, 5, 10, 9, 0)):
    """A meeting well before the board's default window (TODAY - 365 days)."""
    return factories.make_meeting(title, status="held", starts_at=starts_at)
