"""交办 routes: assign one opinion or a whole meeting's, reassign, return, the history.

Routes attach to `assignments_bp` (responses/blueprint.py), as do the follow-up board
(board_views.py) and the notifications (notification_views.py). The template globals here
link an opinion to its assignments from any package's page.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from accounts.policy import can_start, get_or_404
from common import clock, idempotency
from common.errors import RuleViolation
from common.views import perform, refuse
from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from participants.models import Department
from responses import assignments as services
from responses.assignment_forms import (
    AssignForm,
    BulkAssignForm,
    ReassignForm,
    ReturnForm,
    fill_department_choices,
    parse_bulk_rows,
)
from responses.blueprint import assignments_bp
from responses.loaders import managed_assignment
from responses.models import Assignment, HandlingMode


def department_or_none(department_id: int | None) -> Department | None:
    return db.session.get(Department, department_id) if department_id else None


def form_status(form: FlaskForm) -> int:
    """A form shown first answers 200; one sent back with errors 422."""
    return 422 if form.is_submitted() else 200


@assignments_bp.app_template_global()
def opinion_href(opinion: Opinion) -> str:
    """The opinion's own page (opinions), or this package's assignment page without it."""
    try:
        return url_for(
            "opinions.opinion_detail", meeting_id=opinion.meeting_id, opinion_id=opinion.id
        )
    except BuildError:
        return url_for("assignments.opinion_assignments", opinion_id=opinion.id)


def opinion_page(opinion: Opinion) -> Response:
    return redirect(opinion_href(opinion) + f"#assignments-{opinion.id}")


@assignments_bp.app_template_global()
def opinion_assignment_block(opinion: Opinion) -> list[Assignment]:
    """What _opinion_assignments.html lists: the opinion's assignments as the user may see."""
    return services.assignments_for_opinion(opinion, current_user)


@assignments_bp.app_template_global()
def inbox_href(assignment: Assignment) -> str | None:
    """The department's working page for the assignment (replies), when it exists."""
    try:
        return url_for("inbox.assignment_page", assignment_id=assignment.id)
    except BuildError:
        return None


assignments_bp.add_app_template_global(clock.today, "office_today")


# ---------------------------------------------------------------- one opinion


@assignments_bp.get("/opinions/<id:opinion_id>/assignments")
def opinion_assignments(opinion_id: int) -> ResponseReturnValue:
    opinion = get_or_404(Opinion, opinion_id, "opinion.view")
    return render_template("responses/assign_opinion_page.html", opinion=opinion)


def render_assign(form: AssignForm, opinion: Opinion, status: int = 200) -> ResponseReturnValue:
    return render_template("responses/assign_form.html", form=form, opinion=opinion), status


@assignments_bp.route("/opinions/<id:opinion_id>/assign", methods=["GET", "POST"])
def assign_opinion(opinion_id: int) -> ResponseReturnValue:
    opinion = get_or_404(Opinion, opinion_id, "opinion.view")  # 404 where it is private
    if not can_start(current_user, "assignment.manage", opinion):  # in its committee
        abort(403)
    form = AssignForm()
    departments = services.active_departments()
    fill_department_choices(form, departments)
    if not form.validate_on_submit():
        return render_assign(form, opinion, form_status(form))
    if (again := idempotency.claim()) is not None:
        return again  # a double click: answered like the first, nothing assigned twice
    by_id = {d.id: d for d in departments}
    answer = opinion_page(opinion)

    def assign() -> None:
        services.assign(
            opinion,
            [by_id[i] for i in form.departments.data],
            form.mode.data,
            lead=department_or_none(form.lead.data),
            due_date=form.due_date.data,
            by_user=current_user,
            note=form.note.data or "",
        )
        idempotency.answered(answer.location)

    return perform(
        assign,
        refused=lambda status: render_assign(form, opinion, status),
        done=lambda _none: answer,
        success=_("The opinion has been assigned."),
    )


# ---------------------------------------------------------------- a meeting's opinions


def render_bulk(
    meeting: Meeting,
    form: BulkAssignForm,
    status: int = 200,
    row_errors: dict[int, str] | None = None,
) -> ResponseReturnValue:
    opinions = services.unassigned_opinions(meeting.id)
    departments = services.active_departments()
    fill_department_choices(form, departments)
    return (
        render_template(
            "responses/assign_bulk.html",
            meeting=meeting,
            form=form,
            opinions=opinions,
            departments=departments,
            modes=list(HandlingMode),
            values=request.form if request.method == "POST" else MultiDict(),
            row_errors=row_errors or {},
        ),
        status,
    )


@assignments_bp.route("/meetings/<id:meeting_id>/assign", methods=["GET", "POST"])
def bulk_assign(meeting_id: int) -> ResponseReturnValue:
    meeting = get_or_404(Meeting, meeting_id, "meeting.view")
    if not can_start(current_user, "assignment.manage", meeting):  # in its committee
        abort(403)
    form = BulkAssignForm()
    if request.method == "GET":
        return render_bulk(meeting, form)
    departments = services.active_departments()
    fill_department_choices(form, departments)
    if not form.validate_on_submit():
        return render_bulk(meeting, form, 422)
    if (again := idempotency.claim()) is not None:
        return again  # a double click: the first one assigned them
    opinions = services.unassigned_opinions(meeting.id)
    rows, row_errors = parse_bulk_rows(
        request.form, [o.id for o in opinions], {d.id: d for d in departments}
    )
    if not row_errors and not rows:
        flash(_("Choose departments for at least one opinion."), "danger")
        return render_bulk(meeting, form, 422)
    if not row_errors:
        by_id = {o.id: o for o in opinions}
        plans = [services.AssignmentPlan(by_id[i], **row) for i, row in rows.items()]
        try:
            _created, row_errors = services.assign_many(
                plans, due_date=form.due_date.data, by_user=current_user
            )
        except RuleViolation as error:
            refuse(error)
            return render_bulk(meeting, form, error.status)
    if row_errors:
        db.session.rollback()  # all or nothing: one bad row keeps every row unsaved
        flash(_("Nothing was assigned: please correct the marked opinions."), "danger")
        return render_bulk(meeting, form, 422, row_errors)
    url = idempotency.answered(url_for("assignments.bulk_assign", meeting_id=meeting_id))
    db.session.commit()
    flash(_("%(count)s opinions assigned.", count=len(rows)), "success")
    return redirect(url)


# ---------------------------------------------------------------- one assignment


@assignments_bp.get("/assignments/<id:assignment_id>")
def assignment_detail(assignment_id: int) -> ResponseReturnValue:
    assignment = managed_assignment(assignment_id, "assignment.view")
    return render_template(
        "responses/assign_detail.html", assignment=assignment, today=clock.today()
    )


def render_step(
    page: str, form: ReassignForm | ReturnForm, assignment: Assignment, status: int = 200
) -> ResponseReturnValue:
    """One assignment's reassign or return page (`page`: the template under responses/)."""
    return render_template(f"responses/{page}", form=form, assignment=assignment), status


@assignments_bp.route("/assignments/<id:assignment_id>/reassign", methods=["GET", "POST"])
def reassign(assignment_id: int) -> ResponseReturnValue:
    assignment = managed_assignment(assignment_id, "assignment.manage")
    form = ReassignForm()
    fill_department_choices(form, services.active_departments())
    if not form.validate_on_submit():
        return render_step("assign_reassign.html", form, assignment, form_status(form))

    def hand_over() -> None:
        department = department_or_none(form.department.data)
        if department is None:
            raise RuleViolation(_("Choose departments from the list."))
        services.reassign(
            assignment,
            department,
            by_user=current_user,
            note=form.note.data or "",
            due_date=form.due_date.data,
        )

    return perform(
        hand_over,
        # Rolled back: the page shows the assignment as it is now.
        refused=lambda status: render_step(
            "assign_reassign.html",
            form,
            managed_assignment(assignment_id, "assignment.manage"),
            status,
        ),
        done=lambda _none: opinion_page(assignment.opinion),
        success=_("The assignment has been handed to another department."),
    )


@assignments_bp.route("/assignments/<id:assignment_id>/return", methods=["GET", "POST"])
def return_assignment(assignment_id: int) -> ResponseReturnValue:
    assignment = managed_assignment(assignment_id, "assignment.return")
    form = ReturnForm()
    if not form.validate_on_submit():
        return render_step("assign_return.html", form, assignment, form_status(form))
    return perform(
        lambda: services.return_assignment(assignment, form.reason.data, by_user=current_user),
        refused=lambda status: render_step(
            "assign_return.html",
            form,
            managed_assignment(assignment_id, "assignment.return"),
            status,
        ),
        done=lambda _none: redirect(
            url_for("assignments.assignment_detail", assignment_id=assignment_id)
        ),
        success=_("The assignment has been returned to the secretariat."),
    )
