"""Every route x method, with foreign and out-of-range ids and bad form values, per role.

The answer is always a success, a redirect or a 4xx with a message: never a 5xx. Routes
come from app.url_map, so routes added later are walked too. CI runs a bounded walk;
ROBUSTNESS_FULL=1 walks every role x every id variant x every bad value (by hand, minutes).
"""

import os

import pytest

from tests.robustness.inputs import (
    ANON,
    DEPT,
    MEMBER,
    NASTY_VALUES,
    ROLES,
    SEC,
    fill_url,
    listy_payload,
    long_payload,
    nasty_payload,
    rotated_payload,
    url_variants,
)
from tests.robustness.walking import attempt, find_rule, route_table

FULL = os.environ.get("ROBUSTNESS_FULL") == "1"
ROUTES = route_table()
DOCUMENTS = (".pdf", ".docx", ".xlsx")


@pytest.mark.parametrize(("endpoint", "method"), ROUTES, ids=[f"{m} {e}" for e, m in ROUTES])
def test_route_never_answers_5xx(app, world, clients, fields, endpoint, method):
    rule = find_rule(app, endpoint, method)
    problems: list[str] = []

    def check(role: str, url: str, payload=None) -> None:
        if method == "POST":
            problem = attempt(clients[role], method, url, data=payload or {})
        else:
            problem = attempt(clients[role], method, url, query_string=payload)
        if problem:
            problems.append(f"{role} {method} {url}: {problem}")

    document = rule.rule.endswith(DOCUMENTS)  # slow to build: ids only, no value sweep
    url = fill_url(rule, world)
    if FULL:
        for variant in url_variants(rule, world):
            for role in [ANON, *ROLES]:
                check(role, variant)
        payloads = [nasty_payload(fields, v) for v in NASTY_VALUES]
        payloads += [rotated_payload(fields, i) for i in range(len(NASTY_VALUES))]
        for payload in [] if document else [*payloads, listy_payload(fields)]:
            for role in ROLES:
                check(role, url, payload)
    else:
        # Foreign records, another kind's id, beyond INTEGER and beyond BIGINT.
        # (PostgreSQL compares a bigger number with an INTEGER column happily; SQLite's
        # driver overflows beyond BIGINT: 2**63 tests both.)
        for variant in list(url_variants(rule, world, boundaries=[2**63]))[1:]:
            check(SEC, variant)
        if document:
            check(SEC, url)
        else:
            for role in (SEC, MEMBER, DEPT):
                check(role, url, rotated_payload(fields, 0))
            for payload in (rotated_payload(fields, 7), listy_payload(fields)):
                check(SEC, url, payload)
    if method == "POST":  # every text field beyond its limit (a megabyte: test_guards.py)
        check(SEC, url, long_payload(fields))
    assert not problems, "\n".join(problems[:40])
