"""A hand-built year with known answers (see the comments), and a fixed office day.

Year 2030, today 2030-06-10. Departments D1 区卫健局, D2 区教育局, D3 区财政局.
  M1 2030-03-15: O1 (member, themes 托育+人才) -> A1 D1 lead, replied 04-08 (due 04-10) cat A,
                 satisfied; commitments C1 (open, due 05-01: overdue) and C2 (done 05-03).
                 O2 (member, 托育) -> A2 D2 lead (joint), replied 04-12 (due 04-10: late) cat B,
                 unsatisfied, reopened (owes a second reply, past due); A3 D1 co-handler with a
                 submitted INPUT (never a reply).
  M2 2030-05-20: O3 (citizen) -> A4 D3 withdrawn (history); A5 D2 lead, no reply, due 06-01.
                 O4 (agency): not assigned.
                 O5 (member, 人才) -> A6 D3 lead, due 07-01, only a draft reply with a
                 commitment (not promised yet); A7 D1 lead, replied 06-05 (due 06-20) cat C,
                 basically satisfied.
                 O6 (member, 人才) -> A8 D2 lead, round 1 05-25 cat C unsatisfied, round 2
                 06-09 cat B satisfied, done (due 06-15); commitment C3 in progress, due 07-01.
  M0 2029-11-05: O0 (member) -> A0 D1 lead, replied 2030-01-15 (counts in 2030's monthly
                 replies, not in 2030's rates).
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from extensions import db
from tests import factories
from tests.factories import (
    make_assignment,
    make_commitment,
    make_opinion,
    make_rating,
    make_reply,
)

TODAY = date(2030, 6, 10)


@pytest.fixture
def clock(clock):
    """The app's clock fixed at TODAY (tests may move it: clock.set(...))."""
    clock.set(TODAY)
    return clock


@pytest.fixture
def request_ctx(app):
    """Figures translate their labels; Babel needs a request to pick the language."""
    with app.test_request_context():
        yield


@pytest.fixture
def dataset(app):
    d1 = factories.make_department("区卫健局")
    d2 = factories.make_department("区教育局")
    d3 = factories.make_department("区财政局")
    m1p = factories.make_participant("王喆", kind="member")
    m2p = factories.make_participant("李堃", kind="member")
    citizen = factories.make_participant("陈家长", kind="citizen")
    agency = factories.make_participant("阳光托育园", kind="agency")
    childcare, talent = factories.make_theme("普惠托育"), factories.make_theme("人才队伍")
    m0 = factories.make_meeting("去年的协商会", starts_at=datetime(2029, 11, 5, 9), status="closed")
    m1 = factories.make_meeting(
        "托育服务协商会", starts_at=datetime(2030, 3, 15, 14), status="held"
    )
    m2 = factories.make_meeting(
        "人才引进协商会", starts_at=datetime(2030, 5, 20, 14), status="held"
    )

    o0 = make_opinion(m0, m1p)
    a0 = make_assignment(o0, d1, date(2030, 1, 20), status="replied")
    make_reply(a0, submitted_at=datetime(2030, 1, 15, 10), category="A")

    o1 = make_opinion(m1, m1p, themes=[childcare, talent])
    a1 = make_assignment(o1, d1, date(2030, 4, 10), status="replied")
    r1 = make_reply(a1, submitted_at=datetime(2030, 4, 8, 16, 30), category="A")
    make_rating(r1, "satisfied", participant=m1p)
    make_commitment(r1, department=d1, due_date=date(2030, 5, 1))
    make_commitment(
        r1,
        department=d1,
        due_date=date(2030, 5, 10),
        status="done",
        done_at=datetime(2030, 5, 3, 9),
    )

    o2 = make_opinion(m1, m2p, themes=[childcare])
    a2 = make_assignment(o2, d2, date(2030, 4, 10), mode="joint", status="reopened")
    r2 = make_reply(a2, submitted_at=datetime(2030, 4, 12, 9), category="B")
    make_rating(r2, "unsatisfied", participant=m2p)
    a3 = make_assignment(o2, d1, date(2030, 4, 5), mode="joint", role="co", status="replied")
    make_reply(a3, submitted_at=datetime(2030, 4, 3, 9), purpose="input")

    o3 = make_opinion(m2, citizen)
    make_assignment(o3, d3, date(2030, 5, 30), status="withdrawn")
    make_assignment(o3, d2, date(2030, 6, 1))

    make_opinion(m2, agency)

    o5 = make_opinion(m2, m1p, themes=[talent])
    a6 = make_assignment(o5, d3, date(2030, 7, 1), mode="split")
    draft = make_reply(a6, status="draft", category="A")
    make_commitment(draft, department=d3, due_date=date(2030, 6, 1))
    a7 = make_assignment(o5, d1, date(2030, 6, 20), mode="split", status="replied")
    r7 = make_reply(a7, submitted_at=datetime(2030, 6, 5, 11), category="C")
    make_rating(r7, "basically", participant=m1p)

    o6 = make_opinion(m2, m2p, themes=[talent])
    a8 = make_assignment(o6, d2, date(2030, 6, 15), status="done")
    r8a = make_reply(a8, submitted_at=datetime(2030, 5, 25, 10), category="C")
    make_rating(r8a, "unsatisfied", participant=m2p)
    r8b = make_reply(a8, submitted_at=datetime(2030, 6, 9, 15), category="B", round=2)
    make_rating(r8b, "satisfied", participant=m2p)
    make_commitment(r8b, department=d2, due_date=date(2030, 7, 1), status="in_progress")
    db.session.commit()
    return SimpleNamespace(d1=d1.id, d2=d2.id, d3=d3.id, m0=m0.id, m1=m1.id, m2=m2.id)
