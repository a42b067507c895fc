"""View helpers every feature's views share: refusing a step, running one, moving a row,
labelling a person."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash
from flask.typing import ResponseReturnValue

from common.errors import RuleViolation
from common.forms import DirectionForm
from common.ordering import DIRECTIONS
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


def move(
    step: Callable[[str], bool | None],
    *,
    refused: Callable[[int], ResponseReturnValue],
    done: Callable[[], ResponseReturnValue],
    unclear: str,
    at_end: str | None = None,
) -> ResponseReturnValue:
    """A POST that moves one row up or down: a direction that is neither is refused (422,
    `unclear` said); the step answers whether it moved, and `at_end` says when it did not."""
    form = DirectionForm()
    if not form.validate_on_submit() or form.direction.data not in DIRECTIONS:
        flash(unclear, "danger")
        return refused(422)

    def finish(moved: bool | None) -> ResponseReturnValue:
        if moved is False and at_end:
            flash(at_end, "info")
        return done()

    return perform(lambda: step(form.direction.data), refused=refused, done=finish)


def person_label(person: Any) -> str:
    """How a participant reads in a choice list: name · kind · affiliation."""
    parts = [person.name, person.kind.label]
    if person.affiliation:
        parts.append(person.affiliation)
    return " · ".join(str(p) for p in parts)
