"""The policy's two halves agree: a list holds exactly the records its user may open.

Over the route matrix's world (every role, every relation to a meeting), for each listable
action the ids `scope(user, action)` selects are the ids of the rows `can(user, action, row)`
allows; and the registers and the search index, which take their filters from the policy,
list exactly those records too.
"""

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from accounts.models import User
from accounts.policy import RULES, can, scope
from accounts.scopes import SCOPED_MODELS, SCOPES
from extensions import db
from meetings.models import Meeting
from opinions.models import ConsensusPoint, Opinion, Suggestion
from registers import queries
from registers.queries import RegisterFilters
from responses.models import Commitment, Reply
from search.models import SearchEntry
from search.query import scope_filter
from tests.test_route_matrix import ROLES, build_world

# What a search entry was made from, and the permission that guards it.
ENTRY_SOURCES = {
    "opinion": (Opinion, "opinion.view"),
    "reply": (Reply, "reply.view"),
    "commitment": (Commitment, "commitment.view"),
}


@pytest.fixture
def users(app):
    build_world()
    found = {user.username: user for user in db.session.scalars(select(User))}
    return {role: found.get(role, AnonymousUserMixin()) for role in ROLES}


def test_every_per_object_rule_of_a_listed_kind_has_its_list_half():
    for action, model in SCOPED_MODELS.items():
        assert model is not None
        for role, rule in RULES[action].items():
            if rule.__name__ != "ALL":
                assert role in SCOPES[action], f"{action} for {role.value}: add its scope"


@pytest.mark.parametrize("action", sorted(SCOPED_MODELS))
def test_scope_selects_exactly_what_can_allows(users, action):
    model = SCOPED_MODELS[action]
    rows = db.session.scalars(select(model)).all()
    assert rows, f"the world holds no {model.__name__}"
    for role, user in users.items():
        listed = set(db.session.scalars(select(model.id).where(scope(user, action))))
        allowed = {row.id for row in rows if can(user, action, row)}
        assert listed == allowed, f"{action} for {role}"


def test_registers_list_exactly_what_each_user_may_open(users):
    opinions = db.session.scalars(select(Opinion)).all()
    replies = db.session.scalars(select(Reply)).all()
    for role, user in users.items():
        listed = set(db.session.scalars(queries.opinions_query(user, RegisterFilters())))
        assert {o.id for o in listed} == {o.id for o in opinions if can(user, "opinion.view", o)}
        listed_replies = set(db.session.scalars(queries.replies_query(user, RegisterFilters())))
        assert {r.id for r in listed_replies} == {
            r.id for r in replies if can(user, "reply.view", r)
        }, role
        shown = queries.handling_of(user, [o.id for o in listed])
        for assignment in (a for found in shown.values() for a in found):
            assert can(user, "assignment.view", assignment), role


def _may_open(user, entry: SearchEntry) -> bool:
    if entry.kind == "suggestion":
        suggestion = db.session.get(Suggestion, entry.object_id)
        return can(user, "opinion.view", suggestion.opinion)
    if entry.kind == "consensus":
        point = db.session.get(ConsensusPoint, entry.object_id)
        return can(user, "meeting.view", db.session.get(Meeting, point.meeting_id))
    model, action = ENTRY_SOURCES[entry.kind]
    return can(user, action, db.session.get(model, entry.object_id))


def test_search_finds_exactly_what_each_user_may_open(users):
    entries = db.session.scalars(select(SearchEntry)).all()
    assert {e.kind for e in entries} >= {"opinion", "suggestion", "reply", "commitment"}
    for role, user in users.items():
        found = set(db.session.scalars(select(SearchEntry.id).where(scope_filter(user))))
        assert found == {e.id for e in entries if _may_open(user, e)}, role
