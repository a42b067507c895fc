"""One click, one record: per-form tokens that make a create form safe to submit twice.

The rule. Where only one record may exist (one live assignment per opinion × department),
a unique constraint in the database says so. Where a user may legitimately create two
(opinions, commitments, consensus points, agenda items, suggestions, progress updates),
every rendering of the form carries a fresh token (`form_token_field()` in _forms.html):
random, signed with the app's secret and bound to the signed-in user. The view calls
`claim()` after the form validates and before it creates anything: the token is written to
`form_submission` (unique) in the same transaction as the record, and `answered(url)` stores
where the view sends the user. A second POST with the same token - a double click, a
browser retry, a parallel request - is answered as the first was (a redirect to what it
created) and creates nothing. On PostgreSQL the second INSERT waits for the first
transaction and then fails on the unique index; on SQLite the write lock serialises them
the same way. If the first request fails, its token row is rolled back with its record, so
the corrected form can be sent again.

A POST without a token (scripts, older clients) is not protected but still works; a token
that is forged, mangled or another user's is refused with a 400.
"""

import secrets
from datetime import datetime

from flask import Flask, abort, current_app, flash, g, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.wrappers import Response

from common.models import now
from extensions import Model, db

TOKEN_FIELD = "form_token"
SALT = "form-token"


class FormSubmission(Model):
    """A create form's token, written with the record it created (see the module's rule)."""

    __tablename__ = "form_submission"
    __audit_exclude__ = True  # bookkeeping, not a record anyone changes

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    answer_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=now)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def issue_token() -> str:
    """A fresh signed token for one rendering of a create form."""
    return _serializer().dumps([secrets.token_urlsafe(18), _user_id()])


def _nonce(raw: str) -> str:
    """The token's random part, provided it is ours and this user's (else 400)."""
    try:
        nonce, user_id = _serializer().loads(raw)
    except (BadSignature, TypeError, ValueError):
        nonce, user_id = None, None
    if not isinstance(nonce, str) or not nonce or len(nonce) > 64 or user_id != _user_id():
        abort(
            400,
            _(
                "This form was not issued to you or has been altered. "
                "Nothing was saved; please reload the page and try again."
            ),
        )
    return nonce


def _replay(nonce: str) -> Response | None:
    """The first submission's answer, if this token has already been used."""
    answer_url = db.session.scalar(
        select(FormSubmission.answer_url).where(FormSubmission.token == nonce)
    )
    if answer_url is None:
        return None
    flash(_("This form had already been sent: it was saved once, not twice."), "info")
    return redirect(answer_url or request.referrer or "/")


def claim() -> Response | None:
    """Reserve the request's form token; a response to return if it was used already.

    Call it after the form validated and before the service writes anything: a failed
    flush here rolls the whole session back.
    """
    raw = request.form.get(TOKEN_FIELD)
    if not raw:
        return None
    nonce = _nonce(raw)
    if (answer := _replay(nonce)) is not None:
        return answer
    submission = FormSubmission(token=nonce, user_id=_user_id())
    db.session.add(submission)
    try:
        db.session.flush()
    except IntegrityError:
        # A parallel request with the same token committed first: answer as it did.
        db.session.rollback()
        if (answer := _replay(nonce)) is not None:
            return answer
        raise
    g._form_submission = submission
    return None


def answered(url: str) -> str:
    """Record where the first submission sent the user (a replay goes there too)."""
    submission = g.pop("_form_submission", None)
    if submission is not None:
        submission.answer_url = url[:500]
        db.session.flush()
    return url


def init_app(app: Flask) -> None:
    app.jinja_env.globals["form_token"] = issue_token
