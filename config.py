"""Configuration defaults; instance/config.py and the environment override them."""

import os

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


class Config:
    SECRET_KEY = "dev-only-change-me"
    SQLALCHEMY_DATABASE_URI: str | None = None  # default set in create_app (instance path)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    MEETING_TIMEZONE = "Asia/Shanghai"
    WTF_CSRF_TIME_LIMIT = None  # a secretariat form may stay open for a whole meeting
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
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
    UPLOAD_MAX_CELLS = 300_000
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
    if proxies := os.environ.get("TRUSTED_PROXIES"):
        settings["TRUSTED_PROXIES"] = int(proxies)
    if upload_mb := os.environ.get("MAX_UPLOAD_MB"):
        settings["MAX_CONTENT_LENGTH"] = int(float(upload_mb) * 1024 * 1024)
    if os.environ.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"):
        settings["SESSION_COOKIE_SECURE"] = True
        settings["REMEMBER_COOKIE_SECURE"] = True
    return settings
