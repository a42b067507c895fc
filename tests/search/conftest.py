"""A small world for search: two departments, two members, texts with 托育 everywhere.

Department A handles 王委员's opinion (a submitted reply, a draft, a commitment);
department B handles 李委员's (a submitted reply, a commitment) and gives A a
co-handler input on the first one. 王委员 is invited to the 2029 meeting; 李委员 only to
the 2030 one. A draft meeting holds an opinion nobody but staff may find.
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from extensions import db
from tests import factories
from tests.factories import (
    make_assignment,
    make_commitment,
    make_consensus_point,
    make_opinion,
    make_reply,
)

DUE = date(2030, 7, 1)  # every assignment in the world is due that day


@pytest.fixture
def world(app):
    dept_a = factories.make_department("甲卫健局")
    dept_b = factories.make_department("乙教育局")
    wang = factories.make_participant("王委员")
    li = factories.make_participant("李委员")
    citizen = factories.make_participant("张家长", kind="citizen")
    old = factories.make_meeting(
        "2029年普惠托育协商会", status="held", starts_at=datetime(2029, 4, 1, 9)
    )
    new = factories.make_meeting(
        "2030年托育服务协商会", status="held", starts_at=datetime(2030, 5, 20, 9)
    )
    draft = factories.make_meeting(
        "筹备中的协商会", status="draft", starts_at=datetime(2030, 9, 1, 9)
    )
    factories.make_invitation(old, wang)
    factories.make_invitation(new, li)
    users = SimpleNamespace(
        sec=factories.make_user("s-sec", role="secretariat"),
        chair=factories.make_user("s-chair", role="chair"),
        wang=factories.make_user("s-wang", role="member", participant_id=wang.id),
        li=factories.make_user("s-li", role="member", participant_id=li.id),
        a=factories.make_user("s-dept-a", role="department", department_id=dept_a.id),
        b=factories.make_user("s-dept-b", role="department", department_id=dept_b.id),
    )
    op_wang = make_opinion(
        old,
        wang,
        "关于发展普惠托育的建议",
        ["一是增加托育补贴", "二是推广托育App"],
        body="社区托育机构App预约难，App托育信息不全，3岁以下托位不足。",
    )
    op_li = make_opinion(
        new, li, "关于托育人才培养的建议", ["加强托育人才培训"], body="托育从业人员流动性大。"
    )
    op_citizen = make_opinion(new, citizen, "家长谈托育收费", body="收费偏高，希望托育价格透明。")
    op_draft = make_opinion(draft, wang, "草稿会议上的托育意见", body="尚未公布。")
    a_wang = make_assignment(op_wang, dept_a, DUE, mode="joint")
    b_co = make_assignment(op_wang, dept_b, DUE, mode="joint", role="co")
    b_li = make_assignment(op_li, dept_b, DUE)
    r_a = make_reply(a_wang, "甲局答复：将新增托育机构十家。", category="A")
    r_a_draft = make_reply(a_wang, "甲局第二轮托育答复草稿", round=2, status="draft", category="B")
    r_b_input = make_reply(
        b_co, "乙局协办意见：托育师资由乙局培训。", purpose="input", category="B"
    )
    r_b = make_reply(b_li, "乙局答复：托育人才培训纳入计划。", category="B")
    c_a = make_commitment(r_a, "甲局年底前建成托育驿站")
    c_b = make_commitment(r_b, "乙局开设托育专业课程")
    point = make_consensus_point(old, "共识：大力发展普惠托育。")
    db.session.commit()
    return SimpleNamespace(
        users=users,
        dept_a=dept_a,
        dept_b=dept_b,
        meetings=SimpleNamespace(old=old, new=new, draft=draft),
        opinions=SimpleNamespace(wang=op_wang, li=op_li, citizen=op_citizen, draft=op_draft),
        assignments=SimpleNamespace(a_wang=a_wang, b_co=b_co, b_li=b_li),
        replies=SimpleNamespace(a=r_a, a_draft=r_a_draft, b_input=r_b_input, b=r_b),
        commitments=SimpleNamespace(a=c_a, b=c_b),
        point=point,
    )
