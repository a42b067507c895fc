"""Hypothesis at every route: plausible forms with some fields replaced by arbitrary text,
huge values, numbers out of range, impossible dates, lists and unknown fields; query strings
of the same kind for pages. Success, a redirect or a 4xx with a message: never a 5xx.

Bounded for CI (a few examples per route); ROBUSTNESS_FULL=1 runs many more by hand.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.robustness.inputs import (
    DEPT,
    MEMBER,
    SEC,
    fill_url,
    mixed_payload_strategy,
    query_strategy,
)
from tests.robustness.walking import attempt, find_rule, route_table

FULL = os.environ.get("ROBUSTNESS_FULL") == "1"
ROUTES = route_table()
POSTS = [endpoint for endpoint, method in ROUTES if method == "POST"]
PAGES = [
    endpoint
    for endpoint, method in ROUTES
    if method == "GET" and not endpoint.endswith(("_pdf", "_docx", "_xlsx"))
]
FUZZ = settings(
    max_examples=60 if FULL else 3,
    deadline=None,
    database=None,
    # No coverage-traced explanation of a failure: tracing a megabyte's parsing takes minutes.
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("endpoint", POSTS)
@FUZZ
@given(data=st.data())
def test_forms_never_answer_5xx(app, world, clients, fields, endpoint, data):
    rule = find_rule(app, endpoint, "POST")
    ids = sorted(set(world.values()))
    payload = data.draw(mixed_payload_strategy(fields, ids), label="form")
    role = data.draw(st.sampled_from([SEC, SEC, MEMBER, DEPT]), label="role")
    problem = attempt(clients[role], "POST", fill_url(rule, world), data=payload)
    assert problem is None, problem


@pytest.mark.parametrize("endpoint", PAGES)
@FUZZ
@given(data=st.data())
def test_pages_never_answer_5xx(app, world, clients, fields, endpoint, data):
    rule = find_rule(app, endpoint, "GET")
    ids = sorted(set(world.values()))
    query = data.draw(query_strategy(fields, ids), label="query")
    role = data.draw(st.sampled_from([SEC, MEMBER, DEPT]), label="role")
    problem = attempt(clients[role], "GET", fill_url(rule, world), query_string=query)
    assert problem is None, problem
