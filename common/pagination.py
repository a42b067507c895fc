"""The ?page= argument every list reads, kept in a range the database can take."""

from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from extensions import db

# Beyond this an OFFSET overflows (PostgreSQL bigint, SQLite's int64) or is meaningless.
MAX_PAGE = 100_000


def page_number(args=None) -> int:
    args = request.args if args is None else args
    return min(max(args.get("page", 1, type=int), 1), MAX_PAGE)


def paginate(query: Select[Any]) -> Pagination:
    """The requested page of a list query, PAGE_SIZE rows a page; a page past the end is
    empty rather than a 404."""
    return db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config.get("PAGE_SIZE", 50),
        error_out=False,
    )
