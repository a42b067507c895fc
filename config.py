"""Configuration defaults; instance/config.py and the environment override them."""

import os
from datetime import timedelta
from pathlib import Path

import click

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
# Good for debugging and tests only: a server refuses to start with it (require_secret_key).
DEVELOPMENT_KEY = "dev-only-change-me"


class Config:
    SECRET_KEY = DEVELOPMENT_KEY
    # Read when no SECRET_KEY is configured; scripts/run writes a random one there.
    SECRET_KEY_FILE: str | None = None  # default: instance/secret_key
    SQLALCHEMY_DATABASE_URI: str | None = None  # default set in create_app (instance path)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    MEETING_TIMEZONE = "Asia/Shanghai"
    WTF_CSRF_TIME_LIMIT = None  # a secretariat form may stay open for a whole meeting
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # "Keep me signed in" lasts this long; every server-side session ends after it at the latest.
    SESSION_MAX_DAYS = 14
    REMEMBER_COOKIE_DURATION = timedelta(days=SESSION_MAX_DAYS)
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    # (the login throttle counts per client address, so it must see the real one).
    TRUSTED_PROXIES = 0
    PAGE_SIZE = 50
    PASSWORD_HASH_METHOD = "scrypt"
    # Largest request body (uploads included); larger ones get the 413 page. An office with
    # bigger files raises it with MAX_UPLOAD_MB in the environment or instance/config.py.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # One form field (not a file): room for the longest pasted speech; validators cut it
    # down to each field's length with a message (werkzeug's default is 500 kB).
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # Uploaded .docx/.xlsx/.csv are read under limits (common.uploads.Limits has them all);
    # a file past one is refused with a message. Sizes count unpacked bytes.
    UPLOAD_MAX_UNPACKED_MB = 60  # every entry of the zip together
    UPLOAD_MAX_PART_MB = 20  # one XML part
    UPLOAD_MAX_PARAGRAPHS = 10_000
    UPLOAD_MAX_CELLS = 100_000
    UPLOAD_MAX_SECONDS = 1.5


def from_environment() -> dict:
    """Settings that deployments pass through the environment."""
    settings: dict = {}
    if url := os.environ.get("DATABASE_URL"):
        # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        settings["SQLALCHEMY_DATABASE_URI"] = url
    if key := os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = key
    if key_file := os.environ.get("SECRET_KEY_FILE"):
        settings["SECRET_KEY_FILE"] = key_file
    if proxies := os.environ.get("TRUSTED_PROXIES"):
        settings["TRUSTED_PROXIES"] = int(proxies)
    if upload_mb := os.environ.get("MAX_UPLOAD_MB"):
        settings["MAX_CONTENT_LENGTH"] = int(float(upload_mb) * 1024 * 1024)
    if os.environ.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"):
        settings["SESSION_COOKIE_SECURE"] = True
        settings["REMEMBER_COOKIE_SECURE"] = True
    return settings


class MissingSecretKey(click.ClickException):
    """Raised by create_app when a server would start on no key or the development key."""


MISSING_KEY_MESSAGE = (
    "SECRET_KEY is not set, so the app refuses to start: with the development key anyone "
    "who has the code or a backup could forge a session. Set SECRET_KEY in the environment "
    "or in instance/config.py, or write a random key to {path} (scripts/run makes one), "
    "for example:\n  (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    " > {path})"
)


def load_secret_key(config: dict, instance_path: str) -> None:
    """Without a configured key, take the one in SECRET_KEY_FILE (instance/secret_key)."""
    if config.get("SECRET_KEY") not in (None, "", DEVELOPMENT_KEY):
        return
    path = Path(config.get("SECRET_KEY_FILE") or Path(instance_path) / "secret_key")
    if path.is_file() and (key := path.read_text().strip()):
        config["SECRET_KEY"] = key


def _starting_a_server() -> bool:
    """False for a flask CLI command other than `run` (db upgrade, demo, user create...):
    those sign no cookies. gunicorn, `flask run` and anything else count as serving."""
    context = click.get_current_context(silent=True)
    return context is None or context.command.name == "run"


def require_secret_key(config: dict, instance_path: str) -> None:
    """Outside debug and testing, a server needs a real key: refuse to start without one."""
    load_secret_key(config, instance_path)
    if config.get("TESTING") or config.get("DEBUG") or not _starting_a_server():
        return
    if config.get("SECRET_KEY") in (None, "", DEVELOPMENT_KEY):
        path = config.get("SECRET_KEY_FILE") or os.path.join(instance_path, "secret_key")
        raise MissingSecretKey(MISSING_KEY_MESSAGE.format(path=path))
