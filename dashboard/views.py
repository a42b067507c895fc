"""Dashboard pages: one year's figures, one meeting's figures, and each chart's CSV.

Speed: the pages answer 304 to a browser whose copy is current (common.conditional, after
the access checks), and their content — everything below the navigation, the same for
every staff user — is rendered once per data version, language, day and sort in each
process and reused (dashboard.cache); a full render is then the navigation around it.
"""

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from accounts.policy import get_or_404, permission_required, require
from accounts.reach import current_reach
from common import conditional
from common.clock import today as office_today
from dashboard import stats
from dashboard.cache import cached
from dashboard.committee_league import CommitteeRow, committee_rows
from dashboard.figures import FIGURE_NAMES, Dashboard, build_dashboard, figure_csv, table_html
from meetings.models import Meeting

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
bp.add_app_template_global(table_html, "dashboard_table")

# Years outside this range are not a dashboard anyone asked for: 404, not a database error.
MIN_YEAR, MAX_YEAR = 1949, 2200


def _year() -> int:
    raw = request.args.get("year", "")
    if not raw:
        return office_today().year
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        abort(404)
    return int(raw)


def _sort() -> str:
    sort = request.args.get("sort", "late")
    return sort if sort in stats.SORT_KEYS else "late"


def _letters() -> str:
    return str(current_app.config.get("REPLY_CATEGORIES", "ABC"))


def _board(scope: stats.Scope) -> Dashboard:
    """The scope's figures, reused while the data, the day and the language are the same."""
    today, letters, sort = office_today(), _letters(), _sort()
    # Figures differ per committee: a district never gets its sibling's cached page.
    key = (scope, current_reach(), today, str(get_locale()), letters, sort)
    return cached(key, lambda: build_dashboard(scope, today, letters, sort))


def _content(template: str, scope: stats.Scope, **context) -> Markup:
    """The page's content rendered from `template`, reused like the figures it shows.

    Within a committee nothing in it depends on who is signed in (staff see every figure),
    only on the committees read, the data, the day, the language, the categories and the
    sort, which make the key."""
    today, letters, sort = office_today(), _letters(), _sort()
    key = ("page", template, scope, current_reach(), today, str(get_locale()), letters, sort)

    def render() -> Markup:
        values = {name: make() for name, make in context.items()}
        board = _board(scope)
        return Markup(render_template(template, board=board, sort=sort, **values))

    return cached(key, render)


def _committee_league(scope: stats.Scope) -> list[CommitteeRow]:
    """A city's line per committee it reads; nothing for a single committee's staff."""
    reach = current_reach() or ()
    if len(reach) < 2:
        return []
    board = _board(scope)
    return committee_rows(scope, board.departments, tuple(reach), board.today)


def _meeting(meeting_id: int) -> Meeting:
    require(current_user, "dashboard.view")
    return get_or_404(Meeting, meeting_id, "meeting.view")


@bp.get("/")
@permission_required("dashboard.view")
def overview():
    year = _year()
    if unchanged := conditional.not_modified():
        return unchanged
    content = _content(
        "dashboard/_overview.html",
        stats.Scope(year=year),
        year=lambda: year,
        years=lambda: sorted({*stats.meeting_years(), office_today().year, year}, reverse=True),
        meetings=lambda: stats.meetings_of_year(year),
        committees=lambda: _committee_league(stats.Scope(year=year)),
    )
    page = render_template("dashboard/overview.html", content=content, year=year)
    return conditional.tagged(make_response(page))


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    record = _meeting(meeting_id)
    if unchanged := conditional.not_modified():
        return unchanged
    content = _content(
        "dashboard/_meeting.html", stats.Scope(meeting_id=record.id), meeting=lambda: record
    )
    page = render_template("dashboard/meeting.html", content=content, meeting=record)
    return conditional.tagged(make_response(page))


def _csv(board, chart: str, stem: str) -> Response:
    figure = board.figures.get(chart)
    if figure is None:
        abort(404)
    return Response(
        figure_csv(figure),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{stem}-{chart}.csv"',
        },
    )


@bp.get("/charts/<chart>.csv")
@permission_required("dashboard.view")
def chart_csv(chart: str):
    if chart not in FIGURE_NAMES:
        abort(404)
    year = _year()
    board = _board(stats.Scope(year=year))
    return _csv(board, chart, f"dashboard-{year}")


@bp.get("/meetings/<int:meeting_id>/charts/<chart>.csv")
def meeting_chart_csv(meeting_id: int, chart: str):
    record = _meeting(meeting_id)
    if chart not in FIGURE_NAMES:
        abort(404)
    board = _board(stats.Scope(meeting_id=record.id))
    return _csv(board, chart, f"dashboard-meeting-{record.id}")
