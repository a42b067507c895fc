"""Invitation routes: the invitations page, the person picker, and the changes made on it.

GET /meetings/<id>/invitations lists one filtered page of invitations (staff); the
secretariat edits rows, invites a group or one person there. The person picker asks
/candidates for a few matching people (JSON) instead of listing the whole directory; without
JavaScript the same search runs as a plain GET of the page (?who=...).
"""

from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from accounts.policy import can, require
from common import conditional
from common.errors import RuleViolation
from common.pagination import page_number
from common.views import perform, refuse
from extensions import db
from meetings import invitation_groups, invitation_lists, invitations, services
from meetings.blueprint import bp
from meetings.forms import (
    BulkInviteForm,
    DepartmentsInviteForm,
    InvitationForm,
    InviteForm,
    NamesInviteForm,
    role_choices,
)
from meetings.invitation_groups import (
    DepartmentResponder,
    NameResolution,
    department_responders,
)
from meetings.loaders import meeting_or_404
from meetings.models import Attendance, InvitationRole
from meetings.views import fill_bulk_choices
from participants.models import Participant, ParticipantKind

# The list's own arguments, carried through a change so the user lands where they were.
FILTER_ARGS = ("role", "attendance", "q", "page")


def concurrent_change() -> RuleViolation:
    """Two people inviting the same person at once: the unique constraint decides."""
    return RuleViolation(
        _("Someone else changed the invitations at the same moment. Please check and try again."),
        409,
    )


def list_filters(args) -> dict[str, str]:
    """The filters of the invitations list that are valid, as strings (for links and forms)."""
    kept: dict[str, str] = {}
    role, attendance = args.get("role", ""), args.get("attendance", "")
    if role in {r.value for r in InvitationRole}:
        kept["role"] = role
    if attendance in {a.value for a in Attendance}:
        kept["attendance"] = attendance
    if q := invitation_lists.clean_query(args.get("q")):
        kept["q"] = q
    page = page_number(args)
    if page > 1:
        kept["page"] = str(page)
    return kept


def back_to(meeting_id: int):
    """Back to the invitations page, with the filters the form carried in `back`."""
    carried = MultiDict(parse_qsl(request.form.get("back", ""))[: len(FILTER_ARGS) * 2])
    filters: dict[str, Any] = list_filters(carried)
    return redirect(url_for("meetings.invitations", meeting_id=meeting_id, **filters))


def render_invitations(
    meeting_id: int,
    status: int = 200,
    bulk_form: BulkInviteForm | None = None,
    invite_form: InviteForm | None = None,
    names_form: NamesInviteForm | None = None,
    departments_form: DepartmentsInviteForm | None = None,
    resolution: NameResolution | None = None,
):
    """The invitations page; a failed form from it is passed back in to show its errors
    (`resolution`: the names of a pasted list that were not found or are shared)."""
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, "meeting.view", meeting)  # 404 where the meeting is private
    require(current_user, "participant.list")  # staff: the list shows the directory's details
    read_only = meeting.status in services.READ_ONLY_STATUSES or not can(
        current_user, "meeting.manage", meeting
    )
    filters = list_filters(request.args)
    pagination = invitation_lists.invitations_page(
        meeting,
        role=InvitationRole(filters["role"]) if "role" in filters else None,
        attendance=Attendance(filters["attendance"]) if "attendance" in filters else None,
        name=filters.get("q", ""),
        page=page_number(),
    )
    who = invitation_lists.clean_query(request.args.get("who"))
    invite_role = request.args.get("invite_role", "")
    if invite_role not in {r.value for r in InvitationRole}:
        invite_role = ""
    bulk_form = bulk_form or BulkInviteForm(formdata=None)
    responders = []
    fresh = departments_form is None
    departments_form = departments_form or DepartmentsInviteForm(formdata=None)
    if not read_only:
        fill_bulk_choices(bulk_form)
        responders = fill_department_choices(departments_form)
        if fresh:  # all departments is the usual group: tick those with someone to invite
            departments_form.departments.data = [
                r.department.id for r in responders if r.person is not None
            ]
    return (
        render_template(
            "meetings/invitations.html",
            meeting=meeting,
            read_only=read_only,
            locked=meeting.status in services.READ_ONLY_STATUSES,
            pagination=pagination,
            filters=filters,
            back=urlencode(filters),
            counts=invitation_lists.invitation_counts(meeting.id),
            roles=[(role, role.label) for role in InvitationRole],
            attendances=[(attendance, attendance.label) for attendance in Attendance],
            kind_labels={kind: kind.label for kind in ParticipantKind},
            who=who,
            invite_role=invite_role,
            found=invitation_lists.candidates(meeting, who) if who and not read_only else [],
            bulk_form=bulk_form,
            invite_form=invite_form or InviteForm(formdata=None),
            invite_roles=role_choices(True),
            names_form=names_form or NamesInviteForm(formdata=None),
            departments_form=departments_form,
            department_hints={
                r.department.id: r.person.name if r.person else _("nobody in the directory")
                for r in responders
            },
            department_terms={
                r.department.id: " ".join(r.department.all_names) for r in responders
            },
            resolution=resolution,
        ),
        status,
    )


def fill_department_choices(form: DepartmentsInviteForm) -> list[DepartmentResponder]:
    """Every active department as a choice; returns them with who would be invited."""
    responders = department_responders()
    form.departments.choices = [(r.department.id, r.department.name) for r in responders]
    return responders


def conflict(meeting_id: int, **forms):
    error = concurrent_change()
    refuse(error)
    return render_invitations(meeting_id, error.status, **forms)


@bp.get("/<id:meeting_id>/invitations", endpoint="invitations")
def invitations_list(meeting_id: int):
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, "meeting.view", meeting)
    require(current_user, "participant.list")
    if unchanged := conditional.not_modified():  # after the access checks
        return unchanged
    return conditional.tagged(make_response(render_invitations(meeting_id)))


@bp.get("/<id:meeting_id>/invitations/candidates")
def invitation_candidates(meeting_id: int):
    """Up to 20 active people not yet invited whose name holds ?q= (the picker's lookup)."""
    meeting = meeting_or_404(meeting_id)
    found = invitation_lists.candidates(meeting, request.args.get("q", ""))
    response = jsonify([person.as_json() for person in found])
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<id:meeting_id>/invitations/bulk")
def bulk_invite(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = BulkInviteForm()
    fill_bulk_choices(form)
    if not form.validate_on_submit():
        return render_invitations(meeting_id, 422, bulk_form=form)
    try:
        result = invitation_groups.bulk_invite(
            meeting,
            # Optional() lets a blank-looking " " past the choice check: blank means "any".
            kind=ParticipantKind(form.kind.data) if (form.kind.data or "").strip() else None,
            sector=(form.sector.data or "").strip() or None,
            committee=(form.committee.data or "").strip() or None,
            role=InvitationRole(form.role.data) if (form.role.data or "").strip() else None,
        )
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, bulk_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_invitations(meeting_id, error.status, bulk_form=form)
    flash(
        _(
            "%(invited)s invited, %(already)s already invited.",
            invited=result.invited,
            already=result.already,
        ),
        "success" if result.invited else "info",
    )
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/invitations")
def add_invitation(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = InviteForm()
    valid = form.validate_on_submit()
    participant = db.session.get(Participant, form.participant_id.data) if valid else None
    if valid and (participant is None or not participant.active):
        form.participant_id.errors.append(_("Choose an active person from the directory."))
        valid = False
    if not valid or participant is None:
        return render_invitations(meeting_id, 422, invite_form=form)
    try:
        invitations.invite(
            meeting,
            participant,
            role=InvitationRole(form.role.data) if form.role.data else None,
        )
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, invite_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_invitations(meeting_id, error.status, invite_form=form)
    flash(_("%(name)s invited.", name=participant.name), "success")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/invitations/<id:invitation_id>")
def update_invitation(meeting_id: int, invitation_id: int):
    meeting = meeting_or_404(meeting_id)
    invitation = invitations.get_invitation_or_404(meeting, invitation_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{invitation.participant.name}: {error}", "danger")
        return render_invitations(meeting_id, 422)
    name = invitation.participant.name
    try:
        invitations.update_invitation(
            invitation,
            role=InvitationRole(form.role.data),
            attendance=Attendance(form.attendance.data),
            note=form.note.data or "",
        )
    except RuleViolation as error:
        refuse(error)
        return render_invitations(meeting_id, error.status)
    db.session.commit()
    flash(_("Invitation of %(name)s saved.", name=name), "success")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/invitations/<id:invitation_id>/delete")
def delete_invitation(meeting_id: int, invitation_id: int):
    meeting = meeting_or_404(meeting_id)
    invitation = invitations.get_invitation_or_404(meeting, invitation_id)
    name = invitation.participant.name
    return perform(
        lambda: invitations.remove_invitation(invitation),
        refused=lambda status: render_invitations(meeting_id, status),
        done=lambda _result: back_to(meeting_id),
        success=_("%(name)s is no longer invited.", name=name),
    )
