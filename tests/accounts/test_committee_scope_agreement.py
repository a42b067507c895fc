"""Across committees the policy's two halves still agree: in a signed-in request, every
list holds exactly the records its user may open, in every committee.

The world: the route matrix's records in district 本区, a sibling district 兄弟区 with its
own meeting, opinion, assignment, reply and commitment (and a department and person of the
same names as 本区's), and the city 测试市 above both with a meeting of its own. Every
user of every committee lists each kind with the policy's scope inside a request (where
accounts.reach narrows every query to the user's committees) and must get exactly the
rows `can` allows; the registers and search likewise. A sibling's rows never appear; the
city's staff see both districts'.
"""

import pytest
from sqlalchemy import select

from accounts import reach
from accounts.models import User
from accounts.policy import can, scope
from accounts.scopes import SCOPED_MODELS
from committees.current import working_in
from extensions import db
from opinions.models import Opinion
from registers import queries
from registers.queries import RegisterFilters
from responses.models import Reply
from search.models import SearchEntry
from search.query import scope_filter
from tests import factories
from tests.accounts.test_committee_matrix import build_committees


@pytest.fixture
def world(app):
    build_committees()
    sibling = db.session.scalar(
        select(User).where(User.username == "sibling-secretariat")
    ).committee_id
    with working_in(sibling):
        meeting = factories.make_meeting("兄弟区的会", status="held")
        speaker = factories.make_participant("兄弟区委员")
        factories.make_invitation(meeting, speaker, role="speaker")
        opinion = factories.make_opinion(meeting, speaker, "兄弟区的意见", suggestions=2)
        department = factories.make_department("兄弟区卫健局")
        assignment = factories.make_assignment(opinion, department)
        reply = factories.make_reply(assignment, category="B")
        factories.make_commitment(reply, department=department)
    db.session.commit()
    from search.indexing import rebuild_index

    rebuild_index()
    db.session.commit()
    return {user.username: user for user in db.session.scalars(select(User))}


def listed_in_request(app, user, statement) -> set[int]:
    """Ids a statement selects in a request of `user` (narrowed as the app narrows it)."""
    with app.test_request_context():
        reach.enter_request(user)
        return set(db.session.scalars(statement))


def test_every_list_holds_exactly_what_its_user_may_open(app, world):
    wrong = []
    for action, model in sorted(SCOPED_MODELS.items()):
        rows = db.session.scalars(select(model)).all()
        committees = {row.committee_id for row in rows}
        assert len(committees) >= 2, f"{model.__name__} in one committee only"
        for username, user in world.items():
            listed = listed_in_request(app, user, select(model.id).where(scope(user, action)))
            with app.test_request_context():
                reach.enter_request(user)
                allowed = {row.id for row in rows if can(user, action, row)}
            if listed != allowed:
                wrong.append((action, username, sorted(listed ^ allowed)))
    assert not wrong, wrong


def test_nobody_lists_a_sibling_district_and_the_city_lists_both(app, world):
    opinions = {o.title: o for o in db.session.scalars(select(Opinion))}
    sibling_opinion = opinions["兄弟区的意见"].id
    home_opinions = {o.id for o in opinions.values() if o.title != "兄弟区的意见"}
    for username, user in world.items():
        listed = listed_in_request(app, user, select(Opinion.id))
        if username.startswith("sibling-"):
            assert not listed & home_opinions, username
        elif username.startswith("city-") and username.split("-")[1] in ("secretariat", "chair"):
            assert sibling_opinion in listed and home_opinions <= listed, username
        else:
            assert sibling_opinion not in listed, username


def test_registers_and_search_hold_exactly_what_each_user_may_open(app, world):
    opinions = db.session.scalars(select(Opinion)).all()
    replies = db.session.scalars(select(Reply)).all()
    entries = db.session.scalars(select(SearchEntry)).all()
    for username, user in world.items():
        with app.test_request_context():
            reach.enter_request(user)
            listed = {
                o.id for o in db.session.scalars(queries.opinions_query(user, RegisterFilters()))
            }
            assert listed == {o.id for o in opinions if can(user, "opinion.view", o)}, username
            listed = {
                r.id for r in db.session.scalars(queries.replies_query(user, RegisterFilters()))
            }
            assert listed == {r.id for r in replies if can(user, "reply.view", r)}, username
            found = set(db.session.scalars(select(SearchEntry.id).where(scope_filter(user))))
            reachable = set(reach.readable_committees(user))
            assert all(e.committee_id in reachable for e in entries if e.id in found), username
