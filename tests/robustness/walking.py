"""Sending one request and judging the answer: success or a 4xx with a message, never a 5xx."""

import traceback

from flask import Flask

from app import create_app


def route_table() -> list[tuple[str, str]]:
    """(endpoint, method) of every route, read from a throwaway app at collection time."""
    from tests.robustness.inputs import routes

    app: Flask = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [(endpoint, method) for endpoint, method, _rule in routes(app)]


def find_rule(app: Flask, endpoint: str, method: str):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == endpoint and method in rule.methods:
            return rule
    raise LookupError(endpoint)


def attempt(client, method: str, url: str, **kwargs) -> str | None:
    """None when the answer is acceptable; otherwise what went wrong, for the failure list."""
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as error:  # noqa: BLE001  (the test client re-raises what would be a 500)
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "/.venv/" not in f.filename and "/tests/" not in f.filename]
        where = ours[-1] if ours else frames[-1]
        return f"{type(error).__name__}: {str(error)[:160]} at {where.filename}:{where.lineno}"
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if 400 <= status < 500:
        body = response.get_data(as_text=True)
        if len(body.strip()) < 10:
            return f"{status} without a message"
    return None
