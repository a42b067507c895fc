"""Writing a reply: the reply form with its commitment rows, a commitment added to a sent
reply, and the secretariat's reopening of an assignment closed by mistake.

Routes attach to inbox_bp (imported at the bottom of responses/inbox_views.py). Each POST
is one transaction: the service flushes, the view commits once or rolls everything back.
"""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import require
from common import idempotency
from common.errors import RuleViolation
from extensions import db
from responses import commitments, reopening, replies, reply_commitments
from responses.inbox_views import (
    assignment_or_404,
    commitment_form_for,
    inbox_bp,
    refuse,
    render_assignment,
    reply_or_404,
    setup_reply_form,
)
from responses.models import ReplyPurpose, ReplyStatus
from responses.reply_forms import ReplyForm


@inbox_bp.post("/inbox/<int:assignment_id>/reply")
def save_reply(assignment_id: int):
    assignment = assignment_or_404(assignment_id)
    reply = replies.working_reply(assignment)
    if reply is not None and reply.status == ReplyStatus.DRAFT:
        require(current_user, "reply.edit", reply)
    else:
        require(current_user, "reply.edit")
    form = setup_reply_form(ReplyForm(), assignment, reply)
    if (again := idempotency.claim()) is not None:
        return again  # a double click: saved (and its commitment rows added) once
    try:
        replies.ensure_open(assignment)  # a replied or closed assignment: 409 before any form
    except RuleViolation as error:
        refuse(error)  # e.g. a colleague submitted meanwhile: give back what was typed
        return render_assignment(assignment_id, status=error.status, unsaved=form.text.data or "")
    if form.wants_more_rows():  # "add rows" without JavaScript: the same form, longer
        form.add_rows()
        return render_assignment(assignment_id, form=form)
    if not form.validate_on_submit():
        return render_assignment(assignment_id, form=form, status=422)
    try:
        saved = reply_commitments.save_reply_form(
            assignment,
            form.reply_data(),
            form.commitment_rows(),
            current_user,
            form.based_on_version(),
            submit=form.wants_submit(),
        )
    except replies.ReplyConflict as conflict:
        db.session.rollback()  # the page itself explains the conflict next to both versions
        if conflict.current is not None:
            # Saving again now overwrites the current version, on purpose.
            form.version.data = str(conflict.current["version"])
        return render_assignment(assignment_id, form, conflict.current, status=409)
    except RuleViolation as error:
        refuse(error)
        unsaved = form.text.data or ""
        return render_assignment(assignment_id, form=form, status=error.status, unsaved=unsaved)
    url = idempotency.answered(url_for("inbox.assignment_page", assignment_id=assignment_id))
    db.session.commit()
    if not form.wants_submit():
        flash(_("Draft saved."), "success")
    elif saved.purpose == ReplyPurpose.INPUT:  # 会办: it goes to the lead, not the member
        flash(_("Your input was sent to the lead department."), "success")
    else:
        flash(_("Reply submitted."), "success")
    return redirect(url)


@inbox_bp.post("/replies/<int:reply_id>/commitments")
def add_commitment(reply_id: int):
    """A commitment added to a reply afterwards (e.g. recorded for an oral reply)."""
    reply = reply_or_404(reply_id)
    require(current_user, "commitment.edit", reply.assignment)
    assignment_id = reply.assignment_id
    form = commitment_form_for(reply.assignment, reply, formdata=request.form)
    if not form.validate_on_submit():
        return render_assignment(assignment_id, commitment_form=form, status=422)
    if (again := idempotency.claim()) is not None:
        return again  # the same form sent twice: one commitment
    try:
        commitments.add_commitment(reply, form.text.data, form.due_date.data, form.department.data)
    except RuleViolation as error:
        refuse(error)
        return render_assignment(assignment_id, commitment_form=form, status=error.status)
    url = url_for("inbox.assignment_page", assignment_id=assignment_id) + "#commitments"
    idempotency.answered(url)
    db.session.commit()
    flash(_("Commitment added."), "success")
    return redirect(url)


@inbox_bp.post("/inbox/<int:assignment_id>/reopen")
def reopen_assignment(assignment_id: int):
    """The secretariat reopens a closed assignment, with a reason (history and audit)."""
    assignment = assignment_or_404(assignment_id)
    require(current_user, "assignment.manage", assignment)
    reason = (request.form.get("reason") or "").strip()
    try:
        reopening.reopen_closed(assignment, reason, current_user)
    except RuleViolation as error:
        refuse(error)
        return render_assignment(assignment_id, status=error.status, reopen_reason=reason)
    db.session.commit()
    flash(_("The assignment is open again: add what was missing."), "success")
    return redirect(url_for("inbox.assignment_page", assignment_id=assignment_id))
