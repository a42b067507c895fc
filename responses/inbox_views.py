"""Department pages: the inbox, writing replies, commitments and progress, member ratings.

Routes live under /inbox (a department's assignments and the reply form), /replies (one
reply, ratings) and /commitments (the list and one commitment's progress).
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from accounts.models import Role
from accounts.policy import MAX_ID, can, get_or_404, permission_required, require
from common import conditional
from common.errors import RuleViolation
from common.pagination import page_number
from extensions import db
from participants.models import Department
from responses import assignments, ratings, replies, reply_commitments
from responses import inbox as inbox_queries
from responses.models import (
    AssignmentRole,
    AssignmentStatus,
    HandlingMode,
    Reply,
    ReplyChannel,
    ReplyStatus,
)
from responses.reply_forms import CommitmentForm, RatingForm, ReplyForm, department_choices

inbox_bp = Blueprint("inbox", __name__)


def refuse(error: RuleViolation) -> None:
    """Throw away whatever the failed step wrote and tell the user why."""
    db.session.rollback()
    flash(error.message, "danger")


def arg_int(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


# ---------------------------------------------------------------- the inbox


def inbox_department() -> Department | None:
    """Whose inbox: a department user's own (or 404 for another's), any for staff."""
    wanted = request.args.get("department", "")
    if wanted:
        department_id = arg_int("department")
        if department_id is None:
            abort(404)
        return get_or_404(Department, department_id, "inbox.view")
    if current_user.role == Role.DEPARTMENT:
        department = current_user.department
        if department is None:
            abort(403)
        require(current_user, "inbox.view", department)
        return department
    require(current_user, "inbox.view")
    return None


def staff_departments() -> list[Department]:
    """Staff choose whose inbox to open; a department user has only their own."""
    if current_user.role not in (Role.SECRETARIAT, Role.CHAIR):
        return []
    return list(db.session.scalars(db.select(Department).order_by(Department.name)))


@inbox_bp.get("/inbox/")
def inbox():
    department = inbox_department()
    try:
        status = AssignmentStatus(request.args.get("status", ""))
    except ValueError:
        status = None
    due = request.args.get("due", "")
    filters = inbox_queries.InboxFilters(
        department_id=department.id if department else None,
        meeting_id=arg_int("meeting"),
        status=status if status in replies.ACTIVE_STATUSES else None,
        due=due if due in ("soon", "overdue") else "",
    )
    if unchanged := conditional.not_modified():
        return unchanged
    today = replies.today()
    pagination = db.paginate(
        inbox_queries.inbox_query(filters, today),
        page=page_number(),
        per_page=current_app.config.get("PAGE_SIZE", 50),
        error_out=False,
    )
    page = render_template(
        "responses/inbox.html",
        pagination=pagination,
        department=department,
        filters=filters,
        meetings=inbox_queries.inbox_meetings(filters.department_id),
        counts=inbox_queries.inbox_counts(filters.department_id, today),
        statuses=replies.ACTIVE_STATUSES,
        departments=staff_departments(),
        today=today,
        due_soon_days=replies.due_soon_days(),
        is_overdue=replies.is_overdue,
        is_due_soon=replies.is_due_soon,
        # Replied, a commitment still open: in follow-up until its soonest due date.
        follow_up=reply_commitments.follow_up_dues(pagination.items),
        # Labels looked up once, not once per row.
        mode_labels={mode: mode.label for mode in HandlingMode},
        role_labels={role: role.label for role in AssignmentRole},
    )
    return conditional.tagged(make_response(page))


# ---------------------------------------------------------------- one assignment


def assignment_or_404(assignment_id: int):
    assignment = replies.load_assignment(assignment_id) if 0 < assignment_id <= MAX_ID else None
    if assignment is None:
        abort(404)
    require(current_user, "assignment.view", assignment)
    require(current_user, "inbox.view", assignment.department)
    return assignment


def may_write(assignment, reply) -> bool:
    if not replies.open_for_writing(assignment):
        return False
    if reply is None:
        return can(current_user, "reply.edit")
    return reply.status == ReplyStatus.DRAFT and can(current_user, "reply.edit", reply)


def commitment_departments(assignment, reply) -> list[Department]:
    """What a commitment may name: the directory's active departments, plus any a saved
    commitment of this reply already names (even if no longer active)."""
    named = [c.department for c in reply.commitments] if reply is not None else []
    return assignments.active_departments() + named


def setup_reply_form(form: ReplyForm, assignment, reply) -> ReplyForm:
    form.setup(
        replies.purpose_for(assignment),
        reply.category if reply else None,
        commitment_departments(assignment, reply),
        assignment.department_id,
    )
    return form


def reply_form_for(assignment, reply) -> ReplyForm:
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


def commitment_form_for(assignment, reply, formdata=None) -> CommitmentForm:
    """The add-a-commitment form of a submitted reply, the replying department preselected."""
    form = CommitmentForm() if formdata else CommitmentForm(formdata=None)
    form.department.choices = department_choices(commitment_departments(assignment, reply))
    if not formdata:
        form.department.data = assignment.department_id
    return form


def render_assignment(
    assignment_id: int,
    form: ReplyForm | None = None,
    conflict: dict | None = None,
    commitment_form: CommitmentForm | None = None,
    status: int = 200,
    unsaved: str = "",
    reopen_reason: str = "",
):
    """The assignment page; `unsaved` is text the user typed that can no longer be saved."""
    assignment = assignment_or_404(assignment_id)
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
            and assignment.status
            not in (AssignmentStatus.DONE, AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED),
            commitment_form=commitment_form or commitment_form_for(assignment, reply),
            may_reopen=assignment.status == AssignmentStatus.DONE
            and can(current_user, "assignment.manage", assignment),
            reopen_reason=reopen_reason,
            follow_up_due=reply_commitments.loaded_follow_up_due(assignment),
            today=replies.today(),
            is_overdue=replies.is_overdue,
            is_due_soon=replies.is_due_soon,
            contact_label=replies.contact_label,
            unsaved=unsaved,
        ),
        status,
    )


@inbox_bp.get("/inbox/<int:assignment_id>")
def assignment_page(assignment_id: int):
    return render_assignment(assignment_id)


# ---------------------------------------------------------------- replies and ratings


def reply_or_404(reply_id: int, action: str = "reply.view") -> Reply:
    reply = ratings.load_reply(reply_id) if 0 < reply_id <= MAX_ID else None
    if reply is None:
        abort(404)
    require(current_user, action, reply)
    return reply


def render_reply(reply_id: int, form: RatingForm | None = None, status: int = 200):
    reply = reply_or_404(reply_id)
    may_rate = (
        reply.rating is None
        and ratings.rateable(reply)
        and ratings.is_rater(current_user, reply)
        and can(current_user, "reply.rate", reply)
    )
    return (
        render_template(
            "responses/reply.html",
            reply=reply,
            assignment=reply.assignment,
            opinion=reply.assignment.opinion,
            form=form or RatingForm(formdata=None),
            may_rate=may_rate,
            today=replies.today(),
            contact_label=replies.contact_label,
        ),
        status,
    )


@inbox_bp.get("/replies/<int:reply_id>")
def reply_page(reply_id: int):
    return render_reply(reply_id)


@inbox_bp.post("/replies/<int:reply_id>/rating")
def rate_reply(reply_id: int):
    reply = reply_or_404(reply_id, "reply.rate")
    form = RatingForm()
    if not form.validate_on_submit():
        return render_reply(reply_id, form, 422)
    try:
        ratings.rate_reply(reply, form.value.data, form.comment.data, current_user)
    except RuleViolation as error:
        refuse(error)
        return render_reply(reply_id, form, error.status)
    db.session.commit()
    flash(_("Thank you: your rating has been recorded."), "success")
    return redirect(url_for("inbox.reply_page", reply_id=reply_id))


@inbox_bp.get("/replies/to-rate")
@permission_required("reply.rate")
def replies_to_rate():
    return render_template(
        "responses/rating_list.html",
        waiting=ratings.awaiting_rating(current_user),
        rated=ratings.rated_by(current_user),
    )


# Writing replies, the commitment list and progress pages attach to the same blueprint.
from responses import commitment_views, reply_views  # noqa: E402, F401
