"""Which committee the work at hand happens in: the one new records belong to.

In a request it is the signed-in user's committee (set by the login gate); in a CLI
command, the demo loader or a test it is the committee given to `working_in(...)`; when
neither says and the install holds exactly one committee, that one. Anything else is an
error with a message, never a guess.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context

from extensions import db

_working_in: ContextVar[int | None] = ContextVar("committee_working_in", default=None)
_COMMITTEE = sa.table("committee", sa.column("id"))


class NoCommitteeChosen(RuntimeError):
    """A record would be written without knowing its committee."""


@contextlib.contextmanager
def working_in(committee_id: int) -> Iterator[None]:
    """New records made inside the block belong to `committee_id` (CLI, demo, tests)."""
    token = _working_in.set(committee_id)
    try:
        yield
    finally:
        _working_in.reset(token)


def working_committee_id() -> int | None:
    """The committee of an enclosing working_in() block, if any."""
    return _working_in.get()


def chosen_committee_id() -> int | None:
    """The committee the request's user or an enclosing working_in() chose, if any."""
    chosen = _working_in.get()
    if chosen is not None:
        return chosen
    if has_app_context() and (from_request := g.get("committee_id")) is not None:
        return int(from_request)
    return None


def current_committee_id() -> int:
    """The committee the work at hand happens in (see the module's docstring)."""
    return committee_for_new_row(db.session.connection())


def committee_for_new_row(connection: Any) -> int:
    """The committee_id a new committee-owned row gets when none is given."""
    chosen = chosen_committee_id()
    if chosen is not None:
        return chosen
    ids = connection.execute(sa.select(_COMMITTEE.c.id).limit(2)).scalars().all()
    if len(ids) == 1:
        return int(ids[0])
    if not ids:
        raise NoCommitteeChosen(
            "The install has no committee yet: create one first "
            "(flask --app app committee create NAME --short SHORT --level district)."
        )
    raise NoCommitteeChosen("Several committees: say which one the new record belongs to.")
