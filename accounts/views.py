"""Sign in, sign out, change one's own password, and the interface language."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from accounts.forms import LoginForm, PasswordChangeForm
from accounts.policy import permission_required
from accounts.services import change_password, sign_in
from audit.services import record_event
from common.errors import RuleViolation
from config import LANGUAGES
from extensions import db

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never bounce a user to another host after login."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("index")


def _fresh_session() -> None:
    """Drop everything in the session but the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = sign_in(form.username.data, form.password.data, request.remote_addr or "")
        except RuleViolation as refusal:  # throttled
            db.session.rollback()
            flash(refusal.message, "danger")
            return render_template("accounts/login.html", form=form), refusal.status
        db.session.commit()  # the failed attempt counts, or the sign-in event is kept
        if user is not None:
            _fresh_session()  # nothing from before the sign-in carries over
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        flash(_("Wrong username or password."), "danger")
        return render_template("accounts/login.html", form=form), 401
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        record_event("logout", current_user._get_current_object())
        db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@permission_required("account.password")
def password():
    form = PasswordChangeForm()
    form.username_for_policy = current_user.username
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except RuleViolation as violation:
            db.session.rollback()
            flash(violation.message, "danger")
            return render_template("accounts/password.html", form=form), violation.status
        db.session.commit()
        login_user(current_user._get_current_object())  # this session stays signed in
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("index"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status


@bp.get("/lang/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        return redirect(url_for("index"))
    session["lang"] = code
    return redirect(safe_next(request.referrer and urlsplit(request.referrer).path))
