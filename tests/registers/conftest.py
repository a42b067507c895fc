"""A small world for the registers: two departments, two members, five opinions.

op1  member A, 2029 meeting   单办 to X; reply A submitted, rated satisfied
op2  citizen,  2029 meeting   分办 to X and Y; X replied B, Y has a draft
op3  member B, 2030 meeting   会办: lead Y (reply C), co-handler X (input to Y)
op4  agency,   2030 meeting   not assigned
op5  member A, 2030 meeting   assigned to X, withdrawn, reassigned to Y
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from extensions import db
from tests import factories
from tests.factories import make_assignment, make_opinion, make_rating, make_reply

TODAY = date(2030, 6, 10)
SUBMITTED = datetime(2030, 6, 1, 9, 30)  # when the world's submitted replies were sent


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(app, clock):
    clock.set(TODAY)
    x = factories.make_department("区卫健局")
    y = factories.make_department("区教育局")
    member_a = factories.make_participant("李委员", kind="member")
    member_b = factories.make_participant("张委员", kind="member")
    citizen = factories.make_participant("王家长", kind="citizen")
    agency = factories.make_participant("小太阳托育园", kind="agency")
    m2029 = factories.make_meeting(
        "普惠托育协商会", status="held", starts_at=datetime(2029, 5, 20, 14, 30)
    )
    m2030 = factories.make_meeting(
        "社区养老协商会", status="held", starts_at=datetime(2030, 5, 20, 14, 30)
    )
    users = SimpleNamespace(
        sec=factories.make_user("secretariat", role="secretariat"),
        chair=factories.make_user("chair", role="chair"),
        x=factories.make_user("dept_x", role="department", department=x),
        y=factories.make_user("dept_y", role="department", department=y),
        a=factories.make_user("member_a", role="member", participant=member_a),
        b=factories.make_user("member_b", role="member", participant=member_b),
    )
    op1 = make_opinion(m2029, member_a, "关于增加普惠托位的建议", suggestions=3, position=1)
    op2 = make_opinion(m2029, citizen, "关于降低托育收费的建议", suggestions=2, position=2)
    op3 = make_opinion(m2030, member_b, "关于建设社区食堂的建议", suggestions=1, position=1)
    op4 = make_opinion(m2030, agency, "关于托育人才培养的建议", position=2, channel="oral")
    op5 = make_opinion(m2030, member_a, "关于老年助餐补贴的建议", position=3)

    a1 = make_assignment(op1, x, status="replied")
    r1 = make_reply(a1, "我局已将增加托位纳入年度计划。", category="A", submitted_at=SUBMITTED)
    make_rating(r1, "satisfied", participant=member_a)
    a2x = make_assignment(op2, x, mode="split", status="replied")
    r2x = make_reply(a2x, "=SUM(A1) 收费标准正在研究。", category="B", submitted_at=SUBMITTED)
    a2y = make_assignment(op2, y, mode="split")
    r2y = make_reply(a2y, "教育局草稿", category="A", status="draft")
    a3y = make_assignment(op3, y, mode="joint", status="replied")
    r3y = make_reply(a3y, "教育局正式答复", category="C", submitted_at=SUBMITTED)
    a3x = make_assignment(op3, x, mode="joint", role="co", status="replied")
    r3x = make_reply(a3x, "卫健局会办意见", purpose="input", submitted_at=SUBMITTED)
    a5x = make_assignment(op5, x, status="withdrawn")
    a5y = make_assignment(op5, y, replaces_id=a5x.id, due_date=TODAY - timedelta(days=1))
    db.session.commit()
    return SimpleNamespace(
        x=x,
        y=y,
        users=users,
        meetings=SimpleNamespace(m2029=m2029, m2030=m2030),
        ops=SimpleNamespace(op1=op1, op2=op2, op3=op3, op4=op4, op5=op5),
        replies=SimpleNamespace(r1=r1, r2x=r2x, r2y=r2y, r3y=r3y, r3x=r3x),
        assignments=SimpleNamespace(a5y=a5y),
    )
