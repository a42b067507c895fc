"""The department's working page of one assignment (/inbox/<id>) and the forms on it.

Shown by inbox_views (GET) and again by every reply_views POST that has to answer with the
page (a form error, a refusal, a conflict), so both build it here, the same way.
"""

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from accounts.models import Role
from accounts.policy import can, can_start
from common import clock
from participants.models import Department
from responses import assignments, lifecycle, replies, reply_commitments
from responses.loaders import inbox_assignment
from responses.models import Assignment, AssignmentStatus, Reply, ReplyChannel, ReplyStatus
from responses.reply_forms import CommitmentForm, ReplyForm, department_choices

# An assignment in one of these takes no new commitments.
CLOSED_FOR_COMMITMENTS = (
    AssignmentStatus.DONE,
    AssignmentStatus.WITHDRAWN,
    AssignmentStatus.RETURNED,
)


def may_write(assignment: Assignment, reply: Reply | None) -> bool:
    if not replies.open_for_writing(assignment):
        return False
    if reply is None:
        return can_start(current_user, "reply.edit", assignment)
    return reply.status == ReplyStatus.DRAFT and can(current_user, "reply.edit", reply)


def commitment_departments(reply: Reply | None) -> list[Department]:
    """What a commitment may name: the directory's active departments, plus any a saved
    commitment of this reply already names (even if no longer active)."""
    named = [c.department for c in reply.commitments] if reply is not None else []
    return assignments.active_departments() + named


def setup_reply_form(form: ReplyForm, assignment: Assignment, reply: Reply | None) -> ReplyForm:
    form.setup(
        replies.purpose_for(assignment),
        reply.category if reply else None,
        commitment_departments(reply),
        assignment.department_id,
    )
    return form


def reply_form_for(assignment: Assignment, reply: Reply | None) -> ReplyForm:
    """The reply form as the page first shows it: the working draft, or an empty form."""
    form = ReplyForm(formdata=None, obj=reply) if reply is not None else ReplyForm(formdata=None)
    if reply is not None:
        form.category.data = reply.category.value if reply.category else ""
        form.channel.data = reply.channel.value
        form.version.data = str(reply.version)
    elif current_user.role == Role.SECRETARIAT:
        # The secretariat records what a department said at the meeting.
        form.channel.data = ReplyChannel.ORAL.value
    setup_reply_form(form, assignment, reply)
    form.show_commitments(reply.commitments if reply is not None else [])
    return form


def commitment_form_for(
    assignment: Assignment, reply: Reply | None, formdata: MultiDict[str, str] | None = None
) -> CommitmentForm:
    """The add-a-commitment form of a submitted reply, the replying department preselected."""
    form = CommitmentForm() if formdata else CommitmentForm(formdata=None)
    form.department.choices = department_choices(commitment_departments(reply))
    if not formdata:
        form.department.data = assignment.department_id
    return form


def render_assignment(
    assignment_id: int,
    form: ReplyForm | None = None,
    conflict: dict[str, object] | None = None,
    commitment_form: CommitmentForm | None = None,
    status: int = 200,
    unsaved: str = "",
    reopen_reason: str = "",
) -> ResponseReturnValue:
    """The assignment page; `unsaved` is text the user typed that can no longer be saved."""
    assignment = inbox_assignment(assignment_id)
    reply = replies.working_reply(assignment)
    if form is None:
        form = reply_form_for(assignment, reply)
    return (
        render_template(
            "responses/inbox_assignment.html",
            assignment=assignment,
            opinion=assignment.opinion,
            reply=reply,
            earlier=replies.earlier_replies(assignment),
            inputs=replies.co_inputs(assignment),
            # Events of the same second: the id keeps them in the order they happened.
            events=sorted(assignment.events, key=lambda e: (e.at, e.id)),
            form=form,
            conflict=conflict,
            may_write=may_write(assignment, reply),
            may_commit=reply is not None
            and reply.purpose.value == "reply"
            and can(current_user, "commitment.edit", assignment)
            and assignment.status not in CLOSED_FOR_COMMITMENTS,
            commitment_form=commitment_form or commitment_form_for(assignment, reply),
            may_reopen=assignment.status == AssignmentStatus.DONE
            and can(current_user, "assignment.manage", assignment),
            reopen_reason=reopen_reason,
            follow_up_due=reply_commitments.loaded_follow_up_due(assignment),
            today=clock.today(),
            is_overdue=lifecycle.is_overdue,
            is_due_soon=lifecycle.is_due_soon,
            contact_label=replies.contact_label,
            unsaved=unsaved,
        ),
        status,
    )
