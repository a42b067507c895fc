"""Search pages: GET /search/?q=...&meeting=&year=&department=&speaker_kind=&category=&status=

Everyone signed in may search (search.use); what they find is narrowed to what they may
read (search.query.scope_filter). Filter values outside the offered choices (a foreign or
unknown meeting, a year without meetings, a made-up category) re-show the form with the
field's message and no results: 422.
"""

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from accounts.models import Role
from accounts.policy import meeting_filter, permission_required
from common.pagination import page_number
from extensions import db
from meetings.models import Meeting
from participants.models import Department
from search.forms import SearchForm
from search.query import COUNT_LIMIT, SearchResults
from search.query import search as run_search

bp = Blueprint("search", __name__, url_prefix="/search")


def _choices(form: SearchForm) -> None:
    meetings = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at)
        .where(meeting_filter(current_user))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).all()
    years = sorted({m.starts_at.year for m in meetings}, reverse=True)
    departments = select(Department.id, Department.name).order_by(Department.name)
    if current_user.role is Role.DEPARTMENT:
        departments = departments.where(Department.id == current_user.department_id)
    form.set_choices(meetings, years, db.session.execute(departments).all())


@bp.get("/")
@permission_required("search.use")
def search():
    form = SearchForm(request.args)
    _choices(form)
    results: SearchResults | None = None
    status = 200
    if not form.validate():
        status = 422
    elif (form.q.data or "").strip():
        results = run_search(current_user, form.q.data, form.filters(), page=page_number())
    return (
        render_template("search/results.html", form=form, results=results, limit=COUNT_LIMIT),
        status,
    )
