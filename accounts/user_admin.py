"""User administration for the secretariat: list, create, edit, (de)activate, reset password."""

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user

from accounts import services
from accounts.forms import PasswordResetForm, UserCreateForm, UserEditForm
from accounts.models import Role, User
from accounts.policy import get_or_404, permission_required
from common.errors import RuleViolation
from common.pagination import page_number
from extensions import db
from participants.models import Department, Participant

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.before_request
@permission_required("user.manage")
def only_user_managers() -> None:
    """Every route here is the secretariat's."""


def _links(form: UserEditForm) -> tuple[Participant | None, Department | None]:
    participant = db.session.get(Participant, form.participant_id.data or 0)
    department = db.session.get(Department, form.department_id.data or 0)
    return participant, department


def _form_with_choices(form_class: type, **kwargs: Any) -> UserEditForm:
    form: UserEditForm = form_class(**kwargs)
    form.set_choices(services.member_participants(), services.departments())
    return form


@bp.get("/")
def list_users() -> ResponseReturnValue:
    role = request.args.get("role", "")
    active = request.args.get("active", "")
    page = db.paginate(
        services.users_query(role, active),
        page=page_number(),
        per_page=current_app.config.get("PAGE_SIZE", 50),
        error_out=False,
    )
    return render_template("accounts/users.html", page=page, roles=Role, role=role, active=active)


@bp.route("/new", methods=["GET", "POST"])
def create_user() -> ResponseReturnValue:
    form = _form_with_choices(UserCreateForm)
    if form.validate_on_submit():
        participant, department = _links(form)
        try:
            user = services.create_user(
                form.username.data,
                form.new_password.data,
                form.role.data,
                form.display_name.data,
                participant=participant,
                department=department,
            )
        except RuleViolation as violation:
            db.session.rollback()
            flash(violation.message, "danger")
            return render_template("accounts/user_form.html", form=form), violation.status
        db.session.commit()
        flash(_("User %(name)s created.", name=user.username), "success")
        return redirect(url_for("users.list_users"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/user_form.html", form=form), status


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id, "user.manage")
    form = _form_with_choices(UserEditForm, obj=user)
    if request.method == "GET":
        form.participant_id.data = user.participant_id or 0
        form.department_id.data = user.department_id or 0
        form.role.data = user.role.value
    reset_form = PasswordResetForm(formdata=None)
    if form.validate_on_submit():
        participant, department = _links(form)
        try:
            services.update_user(
                user, current_user, form.display_name.data, form.role.data, participant, department
            )
        except RuleViolation as violation:
            db.session.rollback()
            flash(violation.message, "danger")
            return _render_edit(user, form, reset_form, violation.status)
        db.session.commit()
        flash(_("User %(name)s saved.", name=user.username), "success")
        return redirect(url_for("users.list_users"))
    return _render_edit(user, form, reset_form, 422 if form.is_submitted() else 200)


def _render_edit(
    user: User, form: UserEditForm, reset_form: PasswordResetForm, status: int
) -> ResponseReturnValue:
    return render_template(
        "accounts/user_form.html", form=form, user=user, reset_form=reset_form
    ), status


@bp.post("/<int:user_id>/password")
def reset_password(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id, "user.manage")
    reset_form = PasswordResetForm()
    reset_form.username_for_policy = user.username
    if reset_form.validate_on_submit():
        try:
            services.reset_password(user, reset_form.new_password.data)
        except RuleViolation as violation:
            db.session.rollback()
            reset_form.new_password.errors.append(violation.message)
        else:
            db.session.commit()
            if user.id == current_user.id:
                login_user(user)  # keep the secretariat's own session
            flash(_("The password of %(name)s has been reset.", name=user.username), "success")
            return redirect(url_for("users.edit_user", user_id=user.id))
    form = _form_with_choices(UserEditForm, obj=user, formdata=None)
    form.participant_id.data = user.participant_id or 0
    form.department_id.data = user.department_id or 0
    form.role.data = user.role.value
    return _render_edit(user, form, reset_form, 422)


@bp.post("/<int:user_id>/active")
def set_active(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id, "user.manage")
    active = request.form.get("active") == "1"
    try:
        services.set_active(user, current_user, active)
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return redirect(url_for("users.list_users")), 303
    db.session.commit()
    message = _("%(name)s can sign in again.") if active else _("%(name)s can no longer sign in.")
    flash(message % {"name": user.username}, "success")
    return redirect(url_for("users.list_users"))
