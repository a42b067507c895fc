"""Search pages: GET /search/?q=...&meeting=&year=&department=&speaker_kind=&category=&status=

Everyone signed in may search (search.use); what they find is narrowed to what they may
read (search.query.scope_filter). Filter values outside the allowed choices (a foreign or
unknown meeting, a year without meetings, a made-up category) re-show the form with the
field's message and no results: 422.

Speed: the page carries an ETag (common.conditional: the database's write state, the user
and their session, the URL); a browser sending it back gets 304 until something is
written. The content below the navigation is kept per user and URL for the data version
(`_pages`), so a repeated search is not run again while nothing changed. The meeting
filter lists only the chosen year's meetings, or those since the start of last year
(search.forms), so the page does not grow with the years of history.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, extract, or_, select

from accounts.models import Role
from accounts.policy import permission_required, scope
from common import conditional
from common.models import now
from common.pagination import page_number
from common.templating import format_datetime
from dashboard.cache import VersionedCache
from extensions import db
from meetings.models import Meeting
from participants.models import Department
from search.forms import MeetingChoice, SearchForm, recent_years
from search.query import COUNT_LIMIT, SearchHit, SearchResults
from search.query import search as run_search

bp = Blueprint("search", __name__, url_prefix="/search")

# Rendered page contents (about 20 KB each), per process, each valid for one data version:
# a repeated search (paging back and forth, returning from a hit) is not run again while
# nothing was written. Off under TESTING unless SEARCH_CACHE is set.
_pages = VersionedCache(128, "SEARCH_CACHE")


def _years() -> list[int]:
    """Years with meetings the user may see, newest first."""
    year = extract("year", Meeting.starts_at)
    found = db.session.scalars(select(year).where(scope(current_user, "meeting.view")).distinct())
    return sorted((int(y) for y in found), reverse=True)


def _meetings(listed_years: list[int], requested: int | None) -> list[MeetingChoice]:
    """The visible meetings of `listed_years` plus the requested one if visible, newest first."""
    wanted: list[ColumnElement[bool]] = []
    if listed_years:
        start = datetime(min(listed_years), 1, 1)
        end = datetime(max(listed_years) + 1, 1, 1)
        wanted.append((Meeting.starts_at >= start) & (Meeting.starts_at < end))
    if requested is not None:
        wanted.append(Meeting.id == requested)
    if not wanted:
        return []
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at)
        .where(scope(current_user, "meeting.view"), or_(*wanted))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    return [MeetingChoice(*row) for row in rows]


def _departments() -> list[tuple[int, str]]:
    query = select(Department.id, Department.name).order_by(Department.name)
    if current_user.role is Role.DEPARTMENT:
        query = query.where(Department.id == current_user.department_id)
    return [(row.id, row.name) for row in db.session.execute(query)]


@dataclass(frozen=True)
class HitLine:
    """One result as the page shows it, prepared here rather than in template branches."""

    kind: str
    kind_label: str
    href: str
    heading: str
    snippet: Markup
    meeting: str


def _lines(hits: list[SearchHit]) -> list[HitLine]:
    labels = {
        "consensus": _("Consensus point"),
        "reply": _("Department reply"),
        "commitment": _("Commitment"),
        "opinion": _("Opinion"),
        "suggestion": _("Suggestion"),
    }
    lines = []
    for hit in hits:
        if hit.kind == "consensus":
            href = url_for(
                "meetings.meeting_detail", meeting_id=hit.meeting_id, _anchor="consensus"
            )
            heading = hit.meeting_title
        elif hit.kind == "reply":
            href = url_for("inbox.reply_page", reply_id=hit.object_id)
            heading = f"{hit.department_name} · {hit.opinion_title}"
        elif hit.kind == "commitment":
            href = url_for("inbox.commitment_page", commitment_id=hit.object_id)
            heading = f"{hit.department_name} · {hit.opinion_title}"
        else:
            href = url_for(
                "opinions.opinion_detail", meeting_id=hit.meeting_id, opinion_id=hit.opinion_id
            )
            heading = hit.opinion_title
        snippet = "".join(
            f"<mark>{escape(part)}</mark>" if is_hit else str(escape(part))
            for part, is_hit in hit.pieces
        )
        lines.append(
            HitLine(
                kind=hit.kind,
                kind_label=labels.get(hit.kind, labels["suggestion"]),
                href=href,
                heading=heading,
                snippet=Markup(snippet),
                meeting=f"{hit.meeting_title} · {format_datetime(hit.meeting_starts_at)}",
            )
        )
    return lines


def _content() -> tuple[Markup, int]:
    """The page below the navigation and its status: the form with its filters, the results."""
    form = SearchForm(request.args)
    years = _years()
    chosen_year = form.chosen_year(years)
    listed_years = [chosen_year] if chosen_year else recent_years(years, now().year)
    meetings = _meetings(listed_years, form.chosen_meeting_id())
    departments = _departments()
    results: SearchResults | None = None
    status = 200
    if not form.check(years, {m.id for m in meetings}, departments):
        status = 422
    elif (form.q.data or "").strip():
        results = run_search(current_user, form.q.data, form.filters(), page=page_number())
    content = render_template(
        "search/_results.html",
        form=form,
        boxes=form.boxes(meetings, years, departments),
        earlier_meetings=chosen_year is None and len(listed_years) < len(years),
        results=results,
        lines=_lines(results.items) if results else [],
        limit=COUNT_LIMIT,
    )
    return Markup(content), status


@bp.get("/")
@permission_required("search.use")
def search():
    if unchanged := conditional.not_modified():
        return unchanged
    user = current_user
    # Everything the content depends on: who asks (what they may read and choose), the
    # language, the year (the meeting filter's default years), the words, filters and page.
    key = (
        user.id,
        user.role,
        user.participant_id,
        user.department_id,
        str(get_locale()),
        now().year,
        request.full_path,
    )
    content, status = _pages.cached(key, _content)
    page = render_template("search/results.html", content=content)
    return conditional.tagged(make_response(page, status))
