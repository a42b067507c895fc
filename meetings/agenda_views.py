"""Agenda routes: add, edit, delete, move up/down."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from common import idempotency
from common.errors import RuleViolation
from common.views import refuse
from extensions import db
from meetings import agenda
from meetings.blueprint import bp
from meetings.forms import AgendaItemForm, MoveForm
from meetings.loaders import meeting_or_404
from meetings.views import fill_agenda_choices, render_detail


def back_to(meeting_id: int):
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id) + "#agenda")


@bp.post("/<id:meeting_id>/agenda")
def add_agenda_item(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = AgendaItemForm()
    fill_agenda_choices(form)
    if not form.validate_on_submit():
        return render_detail(meeting_id, 422, agenda_form=form)
    if (again := idempotency.claim()) is not None:
        return again  # the same step sent twice is added once
    try:
        agenda.add_agenda_item(meeting, form.item_data())
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status, agenda_form=form)
    answer = back_to(meeting_id)
    idempotency.answered(answer.location)
    db.session.commit()
    flash(_("Agenda item added."), "success")
    return answer


def render_item_form(form: AgendaItemForm, meeting, item, status: int = 200):
    return render_template(
        "meetings/agenda_form.html", form=form, meeting=meeting, item=item
    ), status


@bp.route("/<id:meeting_id>/agenda/<id:item_id>/edit", methods=["GET", "POST"])
def edit_agenda_item(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = agenda.get_agenda_item_or_404(meeting, item_id)
    form = AgendaItemForm(obj=item)
    fill_agenda_choices(form, item=item)
    if form.validate_on_submit():
        try:
            agenda.update_agenda_item(item, form.item_data())
        except RuleViolation as error:
            refuse(error)
            return render_item_form(form, meeting, item, error.status)
        db.session.commit()
        flash(_("Agenda item saved."), "success")
        return back_to(meeting_id)
    return render_item_form(form, meeting, item, 422 if form.is_submitted() else 200)


@bp.post("/<id:meeting_id>/agenda/<id:item_id>/delete")
def delete_agenda_item(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = agenda.get_agenda_item_or_404(meeting, item_id)
    try:
        agenda.delete_agenda_item(item)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    db.session.commit()
    flash(_("Agenda item removed."), "success")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/agenda/<id:item_id>/move")
def move_agenda_item(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = agenda.get_agenda_item_or_404(meeting, item_id)
    form = MoveForm()
    if not form.validate_on_submit() or form.direction.data not in ("up", "down"):
        flash(_("Choose whether to move the item up or down."), "danger")
        return render_detail(meeting_id, 422)
    try:
        moved = agenda.move_agenda_item(item, form.direction.data)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    db.session.commit()
    if not moved:
        flash(_("The item is already at that end of the agenda."), "info")
    return back_to(meeting_id)
