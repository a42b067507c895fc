"""Sign in, sign out, and the interface language."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from accounts.forms import LoginForm
from accounts.services import authenticate
from config import LANGUAGES

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never bounce a user to another host after login."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        flash(_("Wrong username or password."), "danger")
        return render_template("accounts/login.html", form=form), 401
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/lang/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        return redirect(url_for("index"))
    session["lang"] = code
    return redirect(safe_next(request.referrer and urlsplit(request.referrer).path))
