"""Sign in, sign out, change one's own password, and the interface language."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as ResponseBase

from accounts.devices import known_device, remember_device
from accounts.forms import LoginForm, PasswordChangeForm
from accounts.policy import permission_required
from accounts.services import begin_sign_in, change_password, find_user, finish_sign_in, sign_out
from accounts.throttle import SignInThrottled
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
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("accounts/login.html", form=form), status
    username = form.username.data
    account = find_user(username)
    device = known_device(request, account)
    try:
        attempt = begin_sign_in(username, request.remote_addr or "", device, account)
    except SignInThrottled as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        page = render_template("accounts/login.html", form=form)
        response: ResponseBase = make_response(page, 429)
        response.headers["Retry-After"] = str(refusal.retry_after)
        return response
    # The reserved attempt is visible to every worker before the slow password check:
    # parallel guesses cannot get more checks than the limit.
    db.session.commit()
    user = finish_sign_in(attempt, form.password.data)
    db.session.commit()  # the failed attempt counts, or the session and sign-in event are kept
    if user is None:
        flash(_("Wrong username or password."), "danger")
        return render_template("accounts/login.html", form=form), 401
    _fresh_session()  # nothing from before the sign-in carries over
    login_user(user, remember=bool(form.remember.data))
    response = redirect(safe_next(request.args.get("next")))
    remember_device(response, user, device)
    return response


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        sign_out(current_user._get_current_object())  # the server forgets this session
        db.session.commit()
    logout_user()  # and the browser its cookies (remember-me included)
    _fresh_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@permission_required("account.password")
def password() -> ResponseReturnValue:
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
def set_language(code: str) -> ResponseReturnValue:
    if code not in LANGUAGES:
        return redirect(url_for("index"))
    session["lang"] = code
    return redirect(safe_next(request.referrer and urlsplit(request.referrer).path))
