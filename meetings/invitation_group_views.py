"""Group invitations and bulk attendance (routes on the meetings blueprint).

POST /meetings/<id>/invitations/names        a pasted list of names, one role for all
POST /meetings/<id>/invitations/departments  the person who answers for each ticked department
GET  /meetings/<id>/attendance               every invitee with a checkbox
POST /meetings/<id>/attendance               everyone present, or the ticked ones' new status
Each write is one transaction; a refused one leaves nothing behind.
"""

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from common.converters import is_id
from common.errors import RuleViolation
from common.views import refuse
from extensions import db
from meetings import attendance as attendance_service
from meetings import invitation_groups, invitation_lists, services
from meetings.blueprint import bp
from meetings.forms import AttendanceForm, DepartmentsInviteForm, NamesInviteForm
from meetings.invitation_views import (
    back_to,
    conflict,
    fill_department_choices,
    render_invitations,
)
from meetings.loaders import meeting_or_404
from meetings.models import Attendance, InvitationRole, Meeting
from participants.models import ParticipantKind

# The radio groups that settle a shared name: pick-1, pick-2, ... ("skip:<name>" leaves it out).
PICK_FIELD = re.compile(r"pick-\d{1,4}")


def _role(value: str | None) -> InvitationRole | None:
    return InvitationRole(value) if value and value.strip() else None


def _name_list(names: list[str]) -> str:
    return "、".join(names)


def read_picks(form) -> tuple[set[int], set[str]]:
    """The people chosen for shared names, and the shared names to leave out."""
    picks: set[int] = set()
    skips: set[str] = set()
    for key in form:
        if not PICK_FIELD.fullmatch(key):
            continue
        value = form.get(key, "")
        if value.startswith("skip:"):
            skips.add(value[5:])
        elif value.isdigit() and is_id(int(value)):
            picks.add(int(value))
    return picks, skips


def flash_group_result(result: invitation_groups.GroupResult) -> None:
    flash(
        _(
            "%(invited)s invited, %(already)s already invited.",
            invited=len(result.invited),
            already=result.already,
        ),
        "success" if result.invited else "info",
    )


@bp.post("/<id:meeting_id>/invitations/names")
def invite_names(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = NamesInviteForm()
    if not form.validate_on_submit():
        return render_invitations(meeting_id, 422, names_form=form)
    picks, skips = read_picks(request.form)
    try:
        found = invitation_groups.resolve_names(form.names.data, picks, skips)
    except RuleViolation as error:
        form.names.errors.append(error.message)
        return render_invitations(meeting_id, error.status, names_form=form)
    missing = found.missing + found.inactive
    if not found.settled or (missing and not form.skip_missing.data):
        # Nothing is written: the user settles the shared names and decides on the others.
        flash(_("Nobody was invited yet: please check the names below."), "warning")
        return render_invitations(meeting_id, 422, names_form=form, resolution=found)
    try:
        result = invitation_groups.invite_people(meeting, found.people, _role(form.role.data))
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, names_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_invitations(meeting_id, error.status, names_form=form)
    flash_group_result(result)
    if missing:
        flash(_("Not invited (not found): %(names)s", names=_name_list(missing)), "warning")
    if found.skipped:
        flash(_("Left out as asked: %(names)s", names=_name_list(found.skipped)), "info")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/invitations/departments")
def invite_departments(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = DepartmentsInviteForm()
    fill_department_choices(form)
    if not form.validate_on_submit():
        return render_invitations(meeting_id, 422, departments_form=form)
    try:
        result = invitation_groups.invite_departments(
            meeting, form.departments.data, _role(form.role.data)
        )
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, departments_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_invitations(meeting_id, error.status, departments_form=form)
    flash_group_result(result)
    if result.without_person:
        flash(
            _(
                "Nobody in the directory answers for: %(names)s. Add a person with that "
                "department, then invite them.",
                names=_name_list(result.without_person),
            ),
            "warning",
        )
    return back_to(meeting_id)


# ---------------------------------------------------------------- attendance


def render_attendance(meeting: Meeting, form: AttendanceForm, status: int = 200):
    invitations = invitation_lists.all_invitations(meeting)
    return (
        render_template(
            "meetings/attendance.html",
            meeting=meeting,
            form=form,
            invitations=invitations,
            ticked={str(i) for i in (form.selected.data or [])},
            counts=invitation_lists.invitation_counts(meeting.id),
            attendances=[(a, a.label) for a in Attendance],
            role_labels={r: r.label for r in InvitationRole},
            kind_labels={k: k.label for k in ParticipantKind},
            locked=meeting.status in services.READ_ONLY_STATUSES,
        ),
        status,
    )


@bp.get("/<id:meeting_id>/attendance", endpoint="attendance")
def attendance_page(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    return render_attendance(meeting, AttendanceForm(formdata=None))


@bp.post("/<id:meeting_id>/attendance")
def mark_attendance(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        return render_attendance(meeting, form, 422)
    try:
        if form.action.data == "all_present":
            result = attendance_service.mark_everyone_present(meeting)
        else:
            result = attendance_service.mark_attendance(
                meeting, form.selected.data or [], Attendance(form.action.data), form.reason.data
            )
        db.session.commit()
    except RuleViolation as error:
        refuse(error)
        return render_attendance(meeting, form, error.status)
    flash(
        _(
            "Attendance recorded: %(changed)s changed, %(unchanged)s already so.",
            changed=result.changed,
            unchanged=result.unchanged,
        ),
        "success" if result.changed else "info",
    )
    return redirect(url_for("meetings.attendance", meeting_id=meeting.id))
