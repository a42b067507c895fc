"""The ?page= argument every list reads, kept in a range the database can take."""

from flask import request

# Beyond this an OFFSET overflows (PostgreSQL bigint, SQLite's int64) or is meaningless.
MAX_PAGE = 100_000


def page_number(args=None) -> int:
    args = request.args if args is None else args
    return min(max(args.get("page", 1, type=int), 1), MAX_PAGE)
