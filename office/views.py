"""The secretariat's settings page (机关设置)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import permission_required
from extensions import db
from office import services
from office.forms import OfficeSettingsForm

bp = Blueprint("office", __name__, url_prefix="/settings")

# The kinds of documents that carry an issue number, in the order the page shows them.
NUMBERED_KINDS = ("minutes", "consensus")


@bp.before_request
@permission_required("office.manage")
def only_the_secretariat() -> None:
    """Every route here is the secretariat's."""


@bp.route("/", methods=["GET", "POST"])
def settings():
    current = services.get_settings()
    form = OfficeSettingsForm(
        obj=current,
        minutes_next_number=services.next_number("minutes"),
        consensus_next_number=services.next_number("consensus"),
    )
    if form.validate_on_submit():
        services.update_settings(
            current,
            issuing_body=form.issuing_body.data,
            report_addressee=form.report_addressee.data,
            copy_to=form.copy_to.data,
            printed_by=form.printed_by.data,
            reply_working_days=form.reply_working_days.data,
            next_numbers={
                "minutes": form.minutes_next_number.data,
                "consensus": form.consensus_next_number.data,
            },
        )
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("office.settings"))
    status = 200
    if form.is_submitted():
        db.session.rollback()
        status = 422
        current = services.get_settings()
    # get_settings may have made the (empty) row: keep it, it is harmless and audited.
    db.session.commit()
    page = render_template("office/settings.html", form=form, settings=current, user=current_user)
    return page, status
