"""Committees (blueprint `committees`): who is on this install, and a city adding a district.

GET  /committees/       the committees the user reads (policy "committee.view")
POST /committees/new    a city's secretariat adds a district or county committee together
                        with its first secretariat account ("committee.manage")
"""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import can, permission_required
from committees import services
from committees.forms import NewCommitteeForm
from committees.models import Committee
from common.views import perform
from extensions import db

bp = Blueprint("committees", __name__, url_prefix="/committees")


def own_committee() -> Committee:
    committee = db.session.get(Committee, current_user.committee_id)
    if committee is None:  # the account's committee was removed under it
        abort(404)
    return committee


def render_list(form: NewCommitteeForm | None = None, status: int = 200) -> ResponseReturnValue:
    own = own_committee()
    may_add = can(current_user, "committee.manage", own)
    committees = [c for c in services.all_committees() if can(current_user, "committee.view", c)]
    return render_template(
        "committees/list.html",
        committees=committees,
        own=own,
        form=(form or NewCommitteeForm(formdata=None)) if may_add else None,
    ), status


@bp.get("/")
@permission_required("committee.view")
def list_committees() -> ResponseReturnValue:
    return render_list()


@bp.post("/new")
@permission_required("committee.manage")
def create_committee() -> ResponseReturnValue:
    city = own_committee()
    if not can(current_user, "committee.manage", city):
        abort(403)
    form = NewCommitteeForm()
    if not form.validate_on_submit():
        return render_list(form, 422)

    def create() -> Committee:
        committee = services.create_committee(
            form.name.data, form.short_name.data, form.level.data, parent=city
        )
        services.create_first_secretariat(
            committee, form.username.data, form.password.data, form.display_name.data or ""
        )
        return committee

    return perform(
        create,
        refused=lambda status: render_list(form, status),
        done=lambda _committee: redirect(url_for(".list_committees")),
        success=_(
            "%(name)s was added with its secretariat account %(username)s.",
            name=form.name.data,
            username=form.username.data,
        ),
    )
