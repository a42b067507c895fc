"""Commitment pages: the list (own department, or all for staff) and one commitment's progress.

Routes attach to inbox_bp (imported at the bottom of responses/inbox_views.py).
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.models import Role
from accounts.policy import MAX_ID, can, permission_required, require
from common import idempotency
from common.errors import RuleViolation
from common.pagination import page_number
from extensions import db
from participants.models import Department
from responses import assignments, commitments, replies
from responses.inbox_views import arg_int, inbox_bp, refuse, staff_departments
from responses.models import Commitment, CommitmentStatus
from responses.reply_forms import CommitmentForm, ProgressForm, department_choices


@inbox_bp.get("/commitments/")
@permission_required("commitment.view")
def list_commitments():
    department = None
    if current_user.role == Role.DEPARTMENT:
        department = current_user.department
        if department is None:
            abort(403)
    elif request.args.get("department"):
        department_id = arg_int("department")
        department = db.session.get(Department, department_id) if department_id else None
        if department is None:
            abort(404)
    try:
        status = CommitmentStatus(request.args.get("status", ""))
    except ValueError:
        status = None
    filters = commitments.CommitmentFilters(
        department_id=department.id if department else None,
        status=status,
        overdue=request.args.get("overdue") == "1",
    )
    today = replies.today()
    pagination = db.paginate(
        commitments.commitments_query(filters, today),
        page=page_number(),
        per_page=current_app.config.get("PAGE_SIZE", 50),
        error_out=False,
    )
    return render_template(
        "responses/commitment_list.html",
        pagination=pagination,
        department=department,
        departments=staff_departments(),
        filters=filters,
        statuses=list(CommitmentStatus),
        today=today,
        latest_percent=commitments.latest_percent,
    )


def commitment_or_404(commitment_id: int, action: str = "commitment.view") -> Commitment:
    commitment = commitments.load_commitment(commitment_id) if 0 < commitment_id <= MAX_ID else None
    if commitment is None:
        abort(404)
    require(current_user, action, commitment)
    return commitment


def render_commitment(
    commitment_id: int,
    edit_form: CommitmentForm | None = None,
    progress_form: ProgressForm | None = None,
    status: int = 200,
):
    commitment = commitment_or_404(commitment_id)
    today = replies.today()
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


@inbox_bp.get("/commitments/<int:commitment_id>")
def commitment_page(commitment_id: int):
    return render_commitment(commitment_id)


def commitment_write(commitment_id: int, form, apply, done_message: str, form_slot: str):
    """Shared shape of the commitment POSTs: check, validate, call the service, commit."""
    commitment = commitment_or_404(commitment_id, "commitment.edit")
    if form is not None and not form.validate_on_submit():
        return render_commitment(commitment_id, status=422, **{form_slot: form})
    if (again := idempotency.claim()) is not None:
        return again  # a form with a token (progress) sent twice: one update
    try:
        apply(commitment)
    except RuleViolation as error:
        refuse(error)
        slot = {form_slot: form} if form is not None else {}
        return render_commitment(commitment_id, status=error.status, **slot)
    idempotency.answered(url_for("inbox.commitment_page", commitment_id=commitment_id))
    db.session.commit()
    flash(done_message, "success")
    return None


@inbox_bp.post("/commitments/<int:commitment_id>/edit")
def edit_commitment(commitment_id: int):
    form = CommitmentForm()
    failed = commitment_write(
        commitment_id,
        form,
        lambda c: commitments.edit_commitment(
            c, form.text.data, form.due_date.data, form.department.data
        ),
        _("Commitment saved."),
        "edit_form",
    )
    return failed or redirect(url_for("inbox.commitment_page", commitment_id=commitment_id))


@inbox_bp.post("/commitments/<int:commitment_id>/progress")
def post_progress(commitment_id: int):
    form = ProgressForm()
    failed = commitment_write(
        commitment_id,
        form,
        lambda c: commitments.post_progress(
            c, form.on_date.data, form.note.data, form.percent.data, current_user
        ),
        _("Progress recorded."),
        "progress_form",
    )
    return failed or redirect(url_for("inbox.commitment_page", commitment_id=commitment_id))


@inbox_bp.post("/commitments/<int:commitment_id>/done")
def mark_commitment_done(commitment_id: int):
    failed = commitment_write(
        commitment_id,
        None,
        lambda c: commitments.mark_done(c, current_user),
        _("Commitment marked as done."),
        "progress_form",
    )
    return failed or redirect(url_for("inbox.commitment_page", commitment_id=commitment_id))


@inbox_bp.post("/commitments/<int:commitment_id>/delete")
def delete_commitment(commitment_id: int):
    commitment = commitment_or_404(commitment_id, "commitment.edit")
    assignment_id = commitment.reply.assignment_id
    try:
        commitments.remove_commitment(commitment)
    except RuleViolation as error:
        refuse(error)
        return render_commitment(commitment_id, status=error.status)
    db.session.commit()
    flash(_("Commitment removed."), "success")
    return redirect(url_for("inbox.assignment_page", assignment_id=assignment_id) + "#commitments")
