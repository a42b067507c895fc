"""Agenda routes: add, edit, delete, move up/down."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from common import idempotency
from common.errors import RuleViolation
from common.views import move, perform, refuse
from extensions import db
from meetings import agenda
from meetings.blueprint import bp
from meetings.forms import AgendaItemForm
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
        return perform(
            lambda: agenda.update_agenda_item(item, form.item_data()),
            refused=lambda status: render_item_form(form, meeting, item, status),
            done=lambda _result: back_to(meeting_id),
            success=_("Agenda item saved."),
        )
    return render_item_form(form, meeting, item, 422 if form.is_submitted() else 200)


@bp.post("/<id:meeting_id>/agenda/<id:item_id>/delete")
def delete_agenda_item(meeting_id: int, item_id: int):
    meeting = meeting_or_404(meeting_id)
    item = agenda.get_agenda_item_or_404(meeting, item_id)
    return perform(
        lambda: agenda.delete_agenda_item(item),
        refused=lambda status: render_detail(meeting_id, status),
        done=lambda _result: back_to(meeting_id),
        success=_("Agenda item removed."),
    )


@bp.post("/<id:meeting_id>/agenda/<id:item_id>/move")
def move_agenda_item(meeting_id: int, item_id: int):
    item = agenda.get_agenda_item_or_404(meeting_or_404(meeting_id), item_id)
    return move(
        lambda direction: agenda.move_agenda_item(item, direction),
        refused=lambda status: render_detail(meeting_id, status),
        done=lambda: back_to(meeting_id),
        unclear=_("Choose whether to move the item up or down."),
        at_end=_("The item is already at that end of the agenda."),
    )
