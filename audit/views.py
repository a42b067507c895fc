"""Browsing the audit trail (secretariat and chair). There are no routes that change it."""

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from accounts.models import User
from accounts.policy import permission_required
from audit.display import present
from audit.forms import AuditFilterForm
from audit.services import audited_tables, events_query
from common.pagination import page_number
from extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@permission_required("audit.view")
def list_events():
    form = AuditFilterForm(request.args)
    actors = db.session.execute(select(User.id, User.display_name).order_by(User.display_name))
    form.set_choices(audited_tables(), [(row.id, row.display_name) for row in actors])
    valid = form.validate()
    data = form.data if valid else {}
    actor = data.get("actor") or ""
    query = events_query(
        table=data.get("table") or None,
        actor_id=int(actor) if actor.isdigit() else actor or None,
        action=data.get("action") or None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        entity_id=data.get("record"),
    )
    page = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config.get("PAGE_SIZE", 50),
        error_out=False,
    )
    status = 200 if valid else 422
    rows = present(list(page.items))
    return render_template("audit/list.html", form=form, page=page, rows=rows), status
