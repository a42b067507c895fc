"""Known devices: a browser that signed in to an account carries a signed cookie naming it.

The sign-in throttle counts such a browser on its own (accounts/throttle.py), so strangers
guessing the account's password cannot lock its owner out of the browsers they use. The
cookie only exempts from other people's failures: the password is still checked, and the
device has its own limit.
"""

import secrets
from datetime import timedelta

from flask import Request, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from accounts.models import User

COOKIE = "xst_device"
SALT = "xst-known-device"
LIFETIME = timedelta(days=365)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def known_device(request: Request, user: User | None) -> str | None:
    """The device id when this browser signed in to `user` before, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw or user is None:
        return None
    try:
        user_id, device_id = _serializer().loads(raw)
    except (BadSignature, TypeError, ValueError):
        return None
    if user_id != user.id or not isinstance(device_id, str) or len(device_id) > 64:
        return None
    return device_id


def remember_device(response: Response, user: User, device_id: str | None) -> None:
    """Name this browser as a known device of `user` (a new id unless it was one already)."""
    value = _serializer().dumps([user.id, device_id or secrets.token_urlsafe(18)])
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(LIFETIME.total_seconds()),
        path="/login",  # read only when signing in
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
