"""Commitment pages: the list (own department, or all for staff) and one commitment's progress.

Routes attach to `inbox_bp` (responses/blueprint.py).
"""

from collections.abc import Callable

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.models import Role
from accounts.policy import can, permission_required
from common import clock, idempotency
from common.pagination import paginate
from common.views import perform
from extensions import db
from participants.models import Department
from responses import assignments, commitments
from responses.blueprint import inbox_bp
from responses.loaders import arg_choice, arg_id, commitment_or_404, staff_departments
from responses.models import Commitment, CommitmentStatus
from responses.reply_forms import CommitmentForm, ProgressForm, department_choices


def listed_department() -> Department | None:
    """Whose commitments: a department user's own, the chosen one for staff, else all."""
    if current_user.role == Role.DEPARTMENT:
        own: Department | None = current_user.department
        if own is None:
            abort(403)
        return own
    if not request.args.get("department"):
        return None
    department_id = arg_id("department")
    department = db.session.get(Department, department_id) if department_id else None
    if department is None:
        abort(404)
    return department


@inbox_bp.get("/commitments/")
@permission_required("commitment.view")
def list_commitments() -> ResponseReturnValue:
    department = listed_department()
    filters = commitments.CommitmentFilters(
        department_id=department.id if department else None,
        status=arg_choice("status", CommitmentStatus),
        overdue=request.args.get("overdue") == "1",
    )
    today = clock.today()
    return render_template(
        "responses/commitment_list.html",
        pagination=paginate(commitments.commitments_query(filters, today)),
        department=department,
        departments=staff_departments(),
        filters=filters,
        statuses=list(CommitmentStatus),
        today=today,
        latest_percent=commitments.latest_percent,
    )


def render_commitment(
    commitment_id: int,
    edit_form: CommitmentForm | None = None,
    progress_form: ProgressForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    commitment = commitment_or_404(commitment_id)
    today = clock.today()
    if edit_form is None:
        edit_form = CommitmentForm(formdata=None, obj=commitment)
        edit_form.department.data = commitment.department_id
    edit_form.department.choices = department_choices(
        assignments.active_departments() + [commitment.department]
    )
    if progress_form is None:
        progress_form = ProgressForm(formdata=None, data={"on_date": today})
    return (
        render_template(
            "responses/commitment.html",
            commitment=commitment,
            reply=commitment.reply,
            assignment=commitment.reply.assignment,
            edit_form=edit_form,
            progress_form=progress_form,
            may_edit=can(current_user, "commitment.edit", commitment),
            today=today,
            latest_percent=commitments.latest_percent,
        ),
        status,
    )


@inbox_bp.get("/commitments/<id:commitment_id>")
def commitment_page(commitment_id: int) -> ResponseReturnValue:
    return render_commitment(commitment_id)


def change_commitment(
    commitment_id: int,
    change: Callable[[Commitment], object],
    success: str,
    edit_form: CommitmentForm | None = None,
    progress_form: ProgressForm | None = None,
) -> ResponseReturnValue:
    """One change to a commitment: the user may edit it, the change's form (if it has one)
    is valid, the change runs once (a form token sent twice: one update); refused or
    invalid, the commitment page shows the form again with why."""
    commitment = commitment_or_404(commitment_id, "commitment.edit")
    form = edit_form if edit_form is not None else progress_form
    if form is not None and not form.validate_on_submit():
        return render_commitment(commitment_id, edit_form, progress_form, 422)
    if (again := idempotency.claim()) is not None:
        return again
    url = url_for("inbox.commitment_page", commitment_id=commitment_id)

    def step() -> None:
        change(commitment)
        idempotency.answered(url)

    return perform(
        step,
        refused=lambda status: render_commitment(commitment_id, edit_form, progress_form, status),
        done=lambda _none: redirect(url),
        success=success,
    )


@inbox_bp.post("/commitments/<id:commitment_id>/edit")
def edit_commitment(commitment_id: int) -> ResponseReturnValue:
    form = CommitmentForm()
    return change_commitment(
        commitment_id,
        lambda c: commitments.edit_commitment(
            c, form.text.data, form.due_date.data, form.department.data
        ),
        _("Commitment saved."),
        edit_form=form,
    )


@inbox_bp.post("/commitments/<id:commitment_id>/progress")
def post_progress(commitment_id: int) -> ResponseReturnValue:
    form = ProgressForm()
    return change_commitment(
        commitment_id,
        lambda c: commitments.post_progress(
            c, form.on_date.data, form.note.data, form.percent.data, current_user
        ),
        _("Progress recorded."),
        progress_form=form,
    )


@inbox_bp.post("/commitments/<id:commitment_id>/done")
def mark_commitment_done(commitment_id: int) -> ResponseReturnValue:
    return change_commitment(
        commitment_id,
        lambda c: commitments.mark_done(c, current_user),
        _("Commitment marked as done."),
    )


@inbox_bp.post("/commitments/<id:commitment_id>/delete")
def delete_commitment(commitment_id: int) -> ResponseReturnValue:
    commitment = commitment_or_404(commitment_id, "commitment.edit")
    back = url_for("inbox.assignment_page", assignment_id=commitment.reply.assignment_id)
    return perform(
        lambda: commitments.remove_commitment(commitment),
        refused=lambda status: render_commitment(commitment_id, status=status),
        done=lambda _none: redirect(back + "#commitments"),
        success=_("Commitment removed."),
    )
