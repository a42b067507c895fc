"""The follow-up board (/board/): every opinion's state, the per-meeting summary, the overdue
league, and the reminders the secretariat sends from it.

Routes attach to `assignments_bp` (responses/blueprint.py). Counts come from SQL aggregates
(responses/board_states.py); only the page of opinions shown and the listed overdue items
are loaded as objects.
"""

from dataclasses import replace
from datetime import timedelta
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import can, get_or_404, permission_required
from common import clock
from common.pagination import page_number
from common.views import perform
from participants.models import Department
from responses import assignments as services
from responses import board as board_queries
from responses import board_states, overdue, reminders, reply_commitments
from responses.assignment_forms import RemindForm
from responses.blueprint import assignments_bp
from responses.board import BoardFilter
from responses.loaders import arg_id
from responses.models import Assignment, Commitment

# Without a year or a meeting chosen the board shows the meetings of the last twelve months
# (and any later ones): what the office follows up every morning, in one short page. "All
# years" (year=all) widens it; the overdue league always covers every year unless a year or a
# meeting is chosen, since an overdue item stays to be chased however old it is.
DEFAULT_WINDOW_DAYS = 365
ALL_YEARS = "all"

# Overdue replies and overdue commitments listed per department in the league (each kind, the
# oldest first); the department's own view (?department=) lists them all.
LEAGUE_ITEMS_PER_DEPARTMENT = 2


def board_filter_from_args() -> BoardFilter:
    """Filters from the query string; nonsense values are ignored rather than fatal."""
    year = request.args.get("year", type=int)
    filters = BoardFilter(
        meeting_id=arg_id("meeting"),
        year=year if year is not None and 1900 <= year <= 2999 else None,
        department_id=arg_id("department"),
    )
    if filters.year is None and filters.meeting_id is None and not all_years_chosen():
        filters.since = clock.today() - timedelta(days=DEFAULT_WINDOW_DAYS)
    return filters


def all_years_chosen() -> bool:
    return request.args.get("year") == ALL_YEARS


def league_filters(filters: BoardFilter) -> BoardFilter:
    """The overdue league's scope: the board's filters without the default window."""
    return replace(filters, since=None)


@assignments_bp.get("/board/")
@permission_required("board.view")
def board() -> ResponseReturnValue:
    return render_board()


def render_board(status: int = 200) -> ResponseReturnValue:
    """The board as the query string asks (the query count does not grow with the data)."""
    filters = board_filter_from_args()
    today = clock.today()
    meetings = board_queries.board_meetings()
    summary = board_states.board_summary(filters, meetings)
    try:
        state_filter: board_queries.OpinionState | None = board_queries.OpinionState(
            request.args.get("state", "")
        )
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
        overdue_counts=overdue.overdue_by_opinion(opinions, today),
        follow_up_due=reply_commitments.opinion_follow_up_due,
        league=overdue.league_table(
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


@assignments_bp.post("/board/remind")
@permission_required("assignment.manage")
def remind() -> ResponseReturnValue:
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
        today = clock.today()
        kwargs["overdue"] = (
            overdue.overdue_assignments(filters, today),
            overdue.overdue_commitments(filters, today),
        )

    def sent(result: reminders.ReminderResult) -> ResponseReturnValue:
        flash(
            _("Reminder sent to %(count)s users of the department.", count=result.notified),
            "success",
        )
        flash(result.mail_note, "info")
        if not reminders.deliver(result):
            flash(
                _("The reminder e-mail could not be sent; the in-app reminder stands."), "warning"
            )
        same_board: dict[str, Any] = request.args.to_dict()
        return redirect(url_for("assignments.board", **same_board))

    return perform(
        lambda: reminders.send_reminder(by_user=current_user, **kwargs),
        refused=render_board,
        done=sent,
    )
