"""Participants directory: list, create, edit, detail, deactivate, delete (thin handlers)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import permission_required, require
from common.errors import RuleViolation
from common.pagination import page_number
from extensions import db
from participants import services
from participants.department_views import departments_bp
from participants.forms import ID, ParticipantForm
from participants.models import Participant, ParticipantKind
from participants.services import ParticipantFilters, ParticipantInput
from participants.view_steps import add_active_switches, changes_saved, save_form, saved

participants_bp = Blueprint("participants", __name__, url_prefix="/participants")

__all__ = ["departments_bp", "participants_bp"]


def participant_input(form: ParticipantForm) -> ParticipantInput:
    return ParticipantInput(
        name=form.name.data,
        kind=form.kind.data,
        affiliation=form.affiliation.data,
        title=form.title.data,
        sector=form.sector.data,
        committee=form.committee.data,
        phone=form.phone.data,
        email=form.email.data,
        department_id=form.department_id.data or None,
        notes=form.notes.data,
    )


def render_form(form: ParticipantForm, participant: Participant | None, status: int = 200):
    return render_template(
        "participants/form.html",
        form=form,
        participant=participant,
        sectors=services.list_sectors(),
        committees=services.list_committees(),
    ), status


def participant_or_404(id: int, action: str = "participant.manage") -> Participant:
    """The participant (department loaded with it), if the signed-in user may do `action`."""
    participant = services.load_participant(id)
    if participant is None:
        abort(404)
    require(current_user, action, participant)
    return participant


def render_detail(participant: Participant, status: int = 200):
    return render_template(
        "participants/detail.html",
        participant=participant,
        invitations=services.participant_invitations(participant),
    ), status


@participants_bp.get("/")
@permission_required("participant.list")
def list_participants():
    filters = ParticipantFilters.from_args(request.args)
    page = page_number(request.args)
    pagination = services.search_participants(filters, page, current_app.config["PAGE_SIZE"])
    return render_template(
        "participants/list.html",
        pagination=pagination,
        filters=filters,
        kinds=list(ParticipantKind),
        kind_counts=services.count_by_kind(filters),
        sectors=services.list_sectors(),
        committees=services.list_committees(),
    )


@participants_bp.route("/new", methods=["GET", "POST"])
@permission_required("participant.manage")
def create_participant():
    form = ParticipantForm(departments=services.department_choices())
    return save_form(
        form,
        lambda: services.create_participant(participant_input(form)),
        rerender=lambda status: render_form(form, None, status),
        done=lambda participant: saved(
            _("%(name)s was added to the directory.", name=participant.name),
            ".participant_detail",
            participant,
        ),
    )


@participants_bp.get(f"/{ID}")
def participant_detail(id: int):
    return render_detail(participant_or_404(id, "participant.view"))


@participants_bp.route(f"/{ID}/edit", methods=["GET", "POST"])
def edit_participant(id: int):
    participant = participant_or_404(id)
    form = ParticipantForm(
        obj=participant, departments=services.department_choices(participant.department_id)
    )
    if request.method == "GET":
        form.department_id.data = participant.department_id or 0
        form.kind.data = participant.kind.value
    return save_form(
        form,
        lambda: services.update_participant(participant, participant_input(form)),
        rerender=lambda status: render_form(form, participant, status),
        done=lambda _saved: changes_saved(participant, ".participant_detail"),
    )


add_active_switches(
    participants_bp,
    "participant",
    participant_or_404,
    services.set_participant_active,
    ".participant_detail",
)


@participants_bp.post(f"/{ID}/delete")
def delete_participant(id: int):
    participant = participant_or_404(id)
    name = participant.name
    try:
        services.delete_participant(participant)
    except RuleViolation as error:
        db.session.rollback()
        flash(error.message, "danger")
        return render_detail(participant_or_404(id), error.status)
    db.session.commit()
    flash(_("%(name)s was deleted.", name=name), "success")
    return redirect(url_for(".list_participants"))
