"""View helpers every feature's views share: refusing a step, labelling a person in a list."""

from flask import flash

from common.errors import RuleViolation
from extensions import db


def refuse(error: RuleViolation) -> None:
    """Throw away whatever the failed step wrote and tell the user why."""
    db.session.rollback()
    flash(error.message, "danger")


def person_label(person) -> str:
    """How a participant reads in a choice list: name · kind · affiliation."""
    parts = [person.name, person.kind.label]
    if person.affiliation:
        parts.append(person.affiliation)
    return " · ".join(str(p) for p in parts)
