"""Department pages: the inbox, one assignment's working page, a reply and its rating.

Routes live under /inbox (a department's assignments) and /replies (one reply, ratings).
Writing replies is in reply_views.py, commitments in commitment_views.py; all attach to
`inbox_bp` (responses/blueprint.py).
"""

from flask import make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import can, permission_required
from common import clock, conditional
from common.pagination import paginate
from common.views import perform
from responses import inbox as inbox_queries
from responses import lifecycle, ratings, replies, reply_commitments
from responses.assignment_page import render_assignment
from responses.blueprint import inbox_bp
from responses.loaders import (
    arg_choice,
    arg_id,
    inbox_department,
    reply_or_404,
    staff_departments,
)
from responses.models import AssignmentRole, AssignmentStatus, HandlingMode
from responses.reply_forms import RatingForm

# ---------------------------------------------------------------- the inbox


@inbox_bp.get("/inbox/")
def inbox() -> ResponseReturnValue:
    department = inbox_department()
    status = arg_choice("status", AssignmentStatus)
    due = request.args.get("due", "")
    filters = inbox_queries.InboxFilters(
        department_id=department.id if department else None,
        meeting_id=arg_id("meeting"),
        status=status if status in lifecycle.ACTIVE_STATUSES else None,
        due=due if due in ("soon", "overdue") else "",
    )
    if unchanged := conditional.not_modified():
        return unchanged
    today = clock.today()
    pagination = paginate(inbox_queries.inbox_query(filters, today))
    page = render_template(
        "responses/inbox.html",
        pagination=pagination,
        department=department,
        filters=filters,
        meetings=inbox_queries.inbox_meetings(filters.department_id),
        counts=inbox_queries.inbox_counts(filters.department_id, today),
        statuses=lifecycle.ACTIVE_STATUSES,
        departments=staff_departments(),
        today=today,
        due_soon_days=lifecycle.due_soon_days(),
        is_overdue=lifecycle.is_overdue,
        is_due_soon=lifecycle.is_due_soon,
        # Replied, a commitment still open: in follow-up until its soonest due date.
        follow_up=reply_commitments.follow_up_dues(pagination.items),
        # Labels looked up once, not once per row.
        mode_labels={mode: mode.label for mode in HandlingMode},
        role_labels={role: role.label for role in AssignmentRole},
    )
    return conditional.tagged(make_response(page))


@inbox_bp.get("/inbox/<id:assignment_id>")
def assignment_page(assignment_id: int) -> ResponseReturnValue:
    return render_assignment(assignment_id)


# ---------------------------------------------------------------- replies and ratings


def render_reply(
    reply_id: int, form: RatingForm | None = None, status: int = 200
) -> ResponseReturnValue:
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
            today=clock.today(),
            contact_label=replies.contact_label,
        ),
        status,
    )


@inbox_bp.get("/replies/<id:reply_id>")
def reply_page(reply_id: int) -> ResponseReturnValue:
    return render_reply(reply_id)


@inbox_bp.post("/replies/<id:reply_id>/rating")
def rate_reply(reply_id: int) -> ResponseReturnValue:
    reply = reply_or_404(reply_id, "reply.rate")
    form = RatingForm()
    if not form.validate_on_submit():
        return render_reply(reply_id, form, 422)
    return perform(
        lambda: ratings.rate_reply(reply, form.value.data, form.comment.data, current_user),
        refused=lambda status: render_reply(reply_id, form, status),
        done=lambda _rating: redirect(url_for("inbox.reply_page", reply_id=reply_id)),
        success=_("Thank you: your rating has been recorded."),
    )


@inbox_bp.get("/replies/to-rate")
@permission_required("reply.rate")
def replies_to_rate() -> ResponseReturnValue:
    return render_template(
        "responses/rating_list.html",
        waiting=ratings.awaiting_rating(current_user),
        rated=ratings.rated_by(current_user),
    )
