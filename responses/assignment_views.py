"""交办 routes: assign one opinion or a whole meeting's, reassign, return, the history, and
the follow-up board with its reminders. Notification routes (notification_views) join this
blueprint.
"""

from dataclasses import replace
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BuildError

from accounts.policy import MAX_ID, can, get_or_404, permission_required, require
from common import idempotency
from common.errors import RuleViolation
from common.pagination import page_number
from extensions import db
from meetings.models import Meeting
from meetings.opinion_models import Opinion
from participants.models import Department
from responses import assignments as services
from responses import board as board_queries
from responses import board_states, reminders
from responses.assignment_forms import (
    AssignForm,
    BulkAssignForm,
    ReassignForm,
    RemindForm,
    ReturnForm,
    fill_department_choices,
    parse_bulk_rows,
)
from responses.board import BoardFilter
from responses.models import Assignment, AssignmentEvent, Commitment

assignments_bp = Blueprint("assignments", __name__)


def refuse(error: RuleViolation) -> None:
    db.session.rollback()
    flash(error.message, "danger")


def department_or_none(department_id: int | None) -> Department | None:
    return db.session.get(Department, department_id) if department_id else None


@assignments_bp.app_template_global()
def opinion_href(opinion: Opinion) -> str:
    """The opinion's own page (meetings), or this package's assignment page without it."""
    try:
        return url_for(
            "meetings.opinion_detail", meeting_id=opinion.meeting_id, opinion_id=opinion.id
        )
    except BuildError:
        return url_for("assignments.opinion_assignments", opinion_id=opinion.id)


def opinion_page(opinion: Opinion):
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


@assignments_bp.app_template_global()
def office_today():
    return services.office_today()


# ---------------------------------------------------------------- one opinion


@assignments_bp.get("/opinions/<int:opinion_id>/assignments")
def opinion_assignments(opinion_id: int):
    opinion = get_or_404(Opinion, opinion_id, "opinion.view")
    return render_template("responses/assign_opinion_page.html", opinion=opinion)


def render_assign(form: AssignForm, opinion: Opinion, status: int = 200):
    return render_template("responses/assign_form.html", form=form, opinion=opinion), status


@assignments_bp.route("/opinions/<int:opinion_id>/assign", methods=["GET", "POST"])
def assign_opinion(opinion_id: int):
    opinion = get_or_404(Opinion, opinion_id, "opinion.view")  # 404 where it is private
    require(current_user, "assignment.manage")
    form = AssignForm()
    departments = services.active_departments()
    fill_department_choices(form, departments)
    if not form.validate_on_submit():
        return render_assign(form, opinion, 422 if form.is_submitted() else 200)
    if (again := idempotency.claim()) is not None:
        return again  # a double click: answered like the first, nothing assigned twice
    by_id = {d.id: d for d in departments}
    try:
        chosen = [by_id[i] for i in form.departments.data]
        services.assign(
            opinion,
            chosen,
            form.mode.data,
            lead=department_or_none(form.lead.data),
            due_date=form.due_date.data,
            by_user=current_user,
            note=form.note.data or "",
        )
    except RuleViolation as error:
        refuse(error)
        return render_assign(form, opinion, error.status)
    answer = opinion_page(opinion)
    idempotency.answered(answer.location)
    db.session.commit()
    flash(_("The opinion has been assigned."), "success")
    return answer


# ---------------------------------------------------------------- a meeting's opinions


def render_bulk(meeting: Meeting, form: BulkAssignForm, status: int = 200, **context):
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
            modes=list(services.HandlingMode),
            values=request.form if request.method == "POST" else MultiDict(),
            row_errors=context.get("row_errors", {}),
        ),
        status,
    )


@assignments_bp.route("/meetings/<int:meeting_id>/assign", methods=["GET", "POST"])
def bulk_assign(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id, "meeting.view")
    require(current_user, "assignment.manage")
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
            created, row_errors = services.assign_many(
                plans, due_date=form.due_date.data, by_user=current_user
            )
        except RuleViolation as error:
            refuse(error)
            return render_bulk(meeting, form, error.status)
    if row_errors:
        db.session.rollback()  # all or nothing: one bad row keeps every row unsaved
        flash(_("Nothing was assigned: please correct the marked opinions."), "danger")
        return render_bulk(meeting, form, 422, row_errors=row_errors)
    url = idempotency.answered(url_for("assignments.bulk_assign", meeting_id=meeting_id))
    db.session.commit()
    flash(_("%(count)s opinions assigned.", count=len(rows)), "success")
    return redirect(url)


# ---------------------------------------------------------------- one assignment


def load_assignment(assignment_id: int, action: str) -> Assignment:
    assignment = get_or_404(Assignment, assignment_id, action)
    return db.session.scalar(
        select(Assignment)
        .where(Assignment.id == assignment.id)
        .options(
            joinedload(Assignment.department),
            joinedload(Assignment.opinion).joinedload(Opinion.meeting),
            selectinload(Assignment.events).joinedload(AssignmentEvent.actor),
            selectinload(Assignment.replies),
        )
    )


@assignments_bp.get("/assignments/<int:assignment_id>")
def assignment_detail(assignment_id: int):
    assignment = load_assignment(assignment_id, "assignment.view")
    return render_template(
        "responses/assign_detail.html", assignment=assignment, today=services.office_today()
    )


def render_reassign(form: ReassignForm, assignment: Assignment, status: int = 200):
    return (
        render_template("responses/assign_reassign.html", form=form, assignment=assignment),
        status,
    )


@assignments_bp.route("/assignments/<int:assignment_id>/reassign", methods=["GET", "POST"])
def reassign(assignment_id: int):
    assignment = load_assignment(assignment_id, "assignment.manage")
    form = ReassignForm()
    fill_department_choices(form, services.active_departments())
    if not form.validate_on_submit():
        return render_reassign(form, assignment, 422 if form.is_submitted() else 200)
    try:
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
    except RuleViolation as error:
        refuse(error)
        return render_reassign(
            form, load_assignment(assignment_id, "assignment.manage"), error.status
        )
    db.session.commit()
    flash(_("The assignment has been handed to another department."), "success")
    return opinion_page(assignment.opinion)


@assignments_bp.route("/assignments/<int:assignment_id>/return", methods=["GET", "POST"])
def return_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id, "assignment.return")
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_assignment(assignment, form.reason.data, by_user=current_user)
        except RuleViolation as error:
            refuse(error)
            assignment = load_assignment(assignment_id, "assignment.return")
            return render_template(
                "responses/assign_return.html", form=form, assignment=assignment
            ), error.status
        db.session.commit()
        flash(_("The assignment has been returned to the secretariat."), "success")
        return redirect(url_for("assignments.assignment_detail", assignment_id=assignment_id))
    status = 422 if form.is_submitted() else 200
    return render_template("responses/assign_return.html", form=form, assignment=assignment), status


# ---------------------------------------------------------------- follow-up board


# Without a year or a meeting chosen the board shows the meetings of the last twelve months
# (and any later ones): what the office follows up every morning, in one short page. "All
# years" (year=all) widens it; the overdue league always covers every year unless a year or a
# meeting is chosen, since an overdue item stays to be chased however old it is.
DEFAULT_WINDOW_DAYS = 365
ALL_YEARS = "all"


def board_filter_from_args() -> BoardFilter:
    """Filters from the query string; nonsense values are ignored rather than fatal."""
    year = request.args.get("year", type=int)

    def record_id(name: str) -> int | None:
        value = request.args.get(name, type=int)
        return value if value is not None and 0 < value <= MAX_ID else None

    filters = BoardFilter(
        meeting_id=record_id("meeting"),
        year=year if year is not None and 1900 <= year <= 2999 else None,
        department_id=record_id("department"),
    )
    if filters.year is None and filters.meeting_id is None and not all_years_chosen():
        filters.since = services.office_today() - timedelta(days=DEFAULT_WINDOW_DAYS)
    return filters


def all_years_chosen() -> bool:
    return request.args.get("year") == ALL_YEARS


def league_filters(filters: BoardFilter) -> BoardFilter:
    """The overdue league's scope: the board's filters without the default window."""
    return replace(filters, since=None)


@assignments_bp.get("/board/")
@permission_required("board.view")
def board():
    return render_board()


def render_board(status: int = 200):
    """Counts and the per-meeting summary come from SQL aggregates; only the page of opinions
    shown and the listed overdue items are loaded as objects (query count independent of
    the data's size)."""
    filters = board_filter_from_args()
    today = services.office_today()
    meetings = board_queries.board_meetings()
    summary = board_states.board_summary(filters, meetings)
    try:
        state_filter = board_queries.OpinionState(request.args.get("state", ""))
    except ValueError:
        state_filter = None
    listed = summary.total if state_filter is None else summary.counts[state_filter]
    page_size = current_app.config.get("BOARD_PAGE_SIZE", 50)
    pages = max((listed + page_size - 1) // page_size, 1)
    page = min(page_number(), pages)
    opinions = board_states.board_page(filters, state_filter, (page - 1) * page_size, page_size)
    league_scope = league_filters(filters)
    return render_template(
        "responses/board.html",
        filters=filters,
        all_years=all_years_chosen(),
        today=today,
        opinions=opinions,
        pagination=board_states.BoardPages(page, pages),
        states={o.id: board_queries.opinion_state(o, today) for o in opinions},
        counts=summary.counts,
        per_meeting=summary.per_meeting,
        unassigned_count=summary.counts[board_queries.OpinionState.UNASSIGNED],
        state_filter=state_filter,
        overdue_counts=board_queries.overdue_by_opinion(opinions, today),
        follow_up_due=board_queries.follow_up_due,
        league=board_queries.league_table(
            league_scope,
            today,
            per_department=None if filters.department_id else LEAGUE_ITEMS_PER_DEPARTMENT,
        ),
        league_all_years=league_scope.year is None and league_scope.meeting_id is None,
        meetings=meetings,
        years=board_queries.board_years(meetings),
        departments=services.active_departments(),
        remind_form=RemindForm(),
        can_remind=can(current_user, "assignment.manage"),
    ), status


# Overdue replies and overdue commitments listed per department in the league (each kind, the
# oldest first); the department's own view (?department=) lists them all.
LEAGUE_ITEMS_PER_DEPARTMENT = 2


@assignments_bp.post("/board/remind")
@permission_required("assignment.manage")
def remind():
    form = RemindForm()
    chosen = [f for f in (form.assignment_id, form.commitment_id, form.department_id) if f.data]
    if not form.validate_on_submit() or len(chosen) != 1:
        flash(_("Choose one overdue item or one department to remind."), "danger")
        return render_board(422)
    target = chosen[0]
    model = {"assignment_id": Assignment, "commitment_id": Commitment}.get(target.name, Department)
    obj = get_or_404(model, target.data, "assignment.manage")
    kwargs = {target.name.removesuffix("_id"): obj}
    if model is Department:
        filters = league_filters(board_filter_from_args())
        filters.department_id = obj.id
        today = services.office_today()
        kwargs["overdue"] = (
            board_queries.overdue_assignments(filters, today),
            board_queries.overdue_commitments(filters, today),
        )
    try:
        result = reminders.send_reminder(by_user=current_user, **kwargs)
    except RuleViolation as error:
        refuse(error)
        return render_board(error.status)
    db.session.commit()
    flash(
        _("Reminder sent to %(count)s users of the department.", count=result.notified), "success"
    )
    flash(result.mail_note, "info")
    if not reminders.deliver(result):
        flash(_("The reminder e-mail could not be sent; the in-app reminder stands."), "warning")
    return redirect(url_for("assignments.board", **request.args))


from responses import notification_views  # noqa: E402, F401  (routes on this blueprint)
