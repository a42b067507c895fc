"""View helpers every feature's views share: refusing a step, running one, labelling a person."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash
from flask.typing import ResponseReturnValue

from common.errors import RuleViolation
from extensions import db

T = TypeVar("T")


def refuse(error: RuleViolation) -> None:
    """Throw away whatever the failed step wrote and tell the user why."""
    db.session.rollback()
    flash(error.message, "danger")


def perform(
    step: Callable[[], T],
    *,
    refused: Callable[[int], ResponseReturnValue],
    done: Callable[[T], ResponseReturnValue],
    success: str | None = None,
) -> ResponseReturnValue:
    """The shape of every POST that changes something: the service step flushes; a rule that
    refuses it is rolled back and explained (answer: refused(status)); otherwise the view
    commits, flashes `success` and answers done(result)."""
    try:
        result = step()
    except RuleViolation as error:
        refuse(error)
        return refused(error.status)
    db.session.commit()
    if success:
        flash(success, "success")
    return done(result)


def person_label(person: Any) -> str:
    """How a participant reads in a choice list: name · kind · affiliation."""
    parts = [person.name, person.kind.label]
    if person.affiliation:
        parts.append(person.affiliation)
    return " · ".join(str(p) for p in parts)
