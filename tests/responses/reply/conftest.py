"""Fixtures for replies, commitments and ratings: two departments, two members, a fixed day.

Assignments are made directly here (not through responses.assignments.assign) so that these
tests depend only on the schema, not on the assignment rules being built alongside.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from extensions import db
from tests import factories
from tests.factories import make_assignment, make_opinion

TODAY = date(2030, 6, 10)  # a Monday


@pytest.fixture
def clock(clock):
    """The app's clock fixed at TODAY (tests may move it: clock.set(...))."""
    clock.set(TODAY)
    return clock


@pytest.fixture
def request_ctx(app):
    """Services translate their messages; Babel needs a request to pick the language."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app, clock):
    """Departments X and Y with liaisons, members A and B, a held meeting, A's opinion
    assigned to X (单办). Everything committed."""
    dept_x = factories.make_department("区卫健局")
    dept_y = factories.make_department("区教育局")
    member_a = factories.make_participant("李委员", kind="member")
    member_b = factories.make_participant("张委员", kind="member")
    meeting = factories.make_meeting("完善婴幼儿照护服务协商会", status="held")
    users = SimpleNamespace(
        sec=factories.make_user("secretariat", role="secretariat"),
        chair=factories.make_user("chair", role="chair"),
        x=factories.make_user("dept_x", role="department", department=dept_x),
        x2=factories.make_user("dept_x2", role="department", department=dept_x),
        y=factories.make_user("dept_y", role="department", department=dept_y),
        a=factories.make_user("member_a", role="member", participant=member_a),
        b=factories.make_user("member_b", role="member", participant=member_b),
    )
    opinion = make_opinion(meeting, member_a, "关于增加普惠托位的建议")
    assignment = make_assignment(opinion, dept_x)
    db.session.commit()
    return SimpleNamespace(
        dept_x=dept_x,
        dept_y=dept_y,
        member_a=member_a,
        member_b=member_b,
        meeting=meeting,
        users=users,
        opinion=opinion,
        assignment=assignment,
    )


GOOD_REPLY = {
    "category": "A",
    "channel": "written",
    "contact_method": "in_person",
    "text": "我局已将增加普惠托位纳入年度计划。",
}
