"""Writing a reply: the reply form with its commitment rows, a commitment added to a sent
reply, and the secretariat's reopening of an assignment closed by mistake.

Routes attach to `inbox_bp` (responses/blueprint.py); a POST that cannot go on answers with
the assignment page (responses/assignment_page.py). Each POST is one transaction: the
service flushes, the view commits once or rolls everything back.
"""

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import can_start, require
from common import idempotency
from common.errors import RuleViolation
from common.views import perform, refuse
from extensions import db
from responses import commitments, reopening, replies, reply_commitments
from responses.assignment_page import commitment_form_for, render_assignment, setup_reply_form
from responses.blueprint import inbox_bp
from responses.loaders import inbox_assignment, reply_or_404
from responses.models import Reply, ReplyPurpose, ReplyStatus
from responses.reply_forms import ReplyForm


def saved_message(form: ReplyForm, saved: Reply) -> str:
    message: str
    if not form.wants_submit():
        message = _("Draft saved.")
    elif saved.purpose == ReplyPurpose.INPUT:  # 会办: it goes to the lead, not the member
        message = _("Your input was sent to the lead department.")
    else:
        message = _("Reply submitted.")
    return message


@inbox_bp.post("/inbox/<id:assignment_id>/reply")
def save_reply(assignment_id: int) -> ResponseReturnValue:
    assignment = inbox_assignment(assignment_id)
    reply = replies.working_reply(assignment)
    if reply is not None and reply.status == ReplyStatus.DRAFT:
        require(current_user, "reply.edit", reply)
    elif not can_start(current_user, "reply.edit", assignment):
        abort(403)
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
    flash(saved_message(form, saved), "success")
    return redirect(url)


@inbox_bp.post("/replies/<id:reply_id>/commitments")
def add_commitment(reply_id: int) -> ResponseReturnValue:
    """A commitment added to a reply afterwards (e.g. recorded for an oral reply)."""
    reply = reply_or_404(reply_id)
    require(current_user, "commitment.edit", reply.assignment)
    assignment_id = reply.assignment_id
    form = commitment_form_for(reply.assignment, reply, formdata=request.form)
    if not form.validate_on_submit():
        return render_assignment(assignment_id, commitment_form=form, status=422)
    if (again := idempotency.claim()) is not None:
        return again  # the same form sent twice: one commitment
    url = url_for("inbox.assignment_page", assignment_id=assignment_id) + "#commitments"

    def add() -> None:
        commitments.add_commitment(reply, form.text.data, form.due_date.data, form.department.data)
        idempotency.answered(url)

    return perform(
        add,
        refused=lambda status: render_assignment(
            assignment_id, commitment_form=form, status=status
        ),
        done=lambda _none: redirect(url),
        success=_("Commitment added."),
    )


@inbox_bp.post("/inbox/<id:assignment_id>/reopen")
def reopen_assignment(assignment_id: int) -> ResponseReturnValue:
    """The secretariat reopens a closed assignment, with a reason (history and audit)."""
    assignment = inbox_assignment(assignment_id)
    require(current_user, "assignment.manage", assignment)
    reason = (request.form.get("reason") or "").strip()
    return perform(
        lambda: reopening.reopen_closed(assignment, reason, current_user),
        refused=lambda status: render_assignment(
            assignment_id, status=status, reopen_reason=reason
        ),
        done=lambda _result: redirect(
            url_for("inbox.assignment_page", assignment_id=assignment_id)
        ),
        success=_("The assignment is open again: add what was missing."),
    )
