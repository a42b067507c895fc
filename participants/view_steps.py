"""The steps the directory's views share: save a form through a service, switch a record
on or off. Participants and departments answer both the same way."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from common.errors import RuleViolation
from extensions import db
from participants.forms import ID, show_rule_violation

T = TypeVar("T")


def save_form(
    form: FlaskForm,
    save: Callable[[], T],
    *,
    rerender: Callable[[int], ResponseReturnValue],
    done: Callable[[T], ResponseReturnValue],
) -> ResponseReturnValue:
    """Check the form, save it through the service and commit; or show it again with the
    reason next to its field (422 for a form that does not check, the rule's status)."""
    if not form.validate_on_submit():
        return rerender(422 if form.is_submitted() else 200)
    try:
        record = save()
    except RuleViolation as error:
        db.session.rollback()
        show_rule_violation(form, error)
        return rerender(error.status)
    db.session.commit()
    return done(record)


def saved(message: str, endpoint: str, record: Any) -> ResponseReturnValue:
    """After a save: say so and show the record's page."""
    flash(message, "success")
    return redirect(url_for(endpoint, id=record.id))


def changes_saved(record: Any, endpoint: str) -> ResponseReturnValue:
    """After an edit: say the changes were saved and show the record's page."""
    return saved(_("The changes to %(name)s were saved.", name=record.name), endpoint, record)


def switch_active(
    record: Any, active: bool, set_active: Callable[[Any, bool], Any], endpoint: str
) -> ResponseReturnValue:
    """Deactivate or reactivate a participant or a department, then show its page."""
    set_active(record, active)
    db.session.commit()
    if active:
        message = _("%(name)s was reactivated.", name=record.name)
    else:
        message = _("%(name)s was deactivated.", name=record.name)
    return saved(message, endpoint, record)


def add_active_switches(
    bp: Blueprint,
    noun: str,
    load: Callable[[int], Any],
    set_active: Callable[[Any, bool], Any],
    endpoint: str,
) -> None:
    """POST /<id>/deactivate and /<id>/reactivate (endpoints deactivate_<noun> and
    reactivate_<noun>): `load` checks the user may manage the record."""
    for action, active in (("deactivate", False), ("reactivate", True)):

        def view(id: int, active: bool = active) -> ResponseReturnValue:
            return switch_active(load(id), active, set_active, endpoint)

        bp.add_url_rule(f"/{ID}/{action}", f"{action}_{noun}", view, methods=["POST"])
