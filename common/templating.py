"""Jinja filters shared by every template."""

from datetime import date, datetime

from flask import Flask
from werkzeug.datastructures import MultiDict


def args_without(args: MultiDict, *names: str) -> dict:
    return {k: v for k, v in args.items() if k not in names}


def format_datetime(value: datetime | date | None, with_time: bool = True) -> str:
    """ISO-style dates read the same in both languages and keep lists compact."""
    if value is None:
        return ""
    if isinstance(value, datetime) and with_time:
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["args_without"] = args_without
    app.jinja_env.filters["dt"] = format_datetime
