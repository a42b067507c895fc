"""Registers' queries without HTTP: role narrowing, filters, row contents."""

import pytest
from werkzeug.datastructures import MultiDict

from extensions import db
from registers import columns, flat, queries
from registers.queries import RegisterFilters

pytestmark = pytest.mark.usefixtures("request_ctx")


def opinion_titles(user, **args) -> list[str]:
    filters = RegisterFilters.from_args(MultiDict(args))
    return [o.title for o in db.session.scalars(queries.opinions_query(user, filters))]


def reply_texts(user, **args) -> set[str]:
    filters = RegisterFilters.from_args(MultiDict(args))
    return {r.text for r in db.session.scalars(queries.replies_query(user, filters)).unique()}


def ids(world, *names) -> set[int]:
    return {getattr(world.ops, name).id for name in names}


def opinion_ids(user, **args) -> set[int]:
    filters = RegisterFilters.from_args(MultiDict(args))
    return {o.id for o in db.session.scalars(queries.opinions_query(user, filters))}


def test_staff_see_every_opinion_newest_meeting_first(world):
    for user in (world.users.sec, world.users.chair):
        assert opinion_titles(user) == [
            "关于建设社区食堂的建议",
            "关于托育人才培养的建议",
            "关于老年助餐补贴的建议",
            "关于增加普惠托位的建议",
            "关于降低托育收费的建议",
        ]


def test_department_sees_only_its_not_withdrawn_assignments(world):
    assert opinion_ids(world.users.x) == ids(world, "op1", "op2", "op3")  # op5 was withdrawn
    assert opinion_ids(world.users.y) == ids(world, "op2", "op3", "op5")


def test_member_sees_own_opinions(world):
    assert opinion_ids(world.users.a) == ids(world, "op1", "op5")
    assert opinion_ids(world.users.b) == ids(world, "op3")


def test_replies_narrowed_per_role(world):
    everything = {
        "我局已将增加托位纳入年度计划。",
        "=SUM(A1) 收费标准正在研究。",
        "教育局草稿",
        "教育局正式答复",
        "卫健局会办意见",
    }
    assert reply_texts(world.users.sec) == everything
    assert reply_texts(world.users.chair) == everything
    assert reply_texts(world.users.x) == {
        "我局已将增加托位纳入年度计划。",
        "=SUM(A1) 收费标准正在研究。",
        "卫健局会办意见",
    }
    assert reply_texts(world.users.y) == {"教育局草稿", "教育局正式答复"}
    assert reply_texts(world.users.a) == {"我局已将增加托位纳入年度计划。"}
    # Member B sees the lead's reply, never the co-handler's input to the lead.
    assert reply_texts(world.users.b) == {"教育局正式答复"}


def test_filters(world):
    sec = world.users.sec
    assert opinion_ids(sec, meeting=str(world.meetings.m2029.id)) == ids(world, "op1", "op2")
    assert opinion_ids(sec, year="2030") == ids(world, "op3", "op4", "op5")
    assert opinion_ids(sec, department=str(world.x.id)) == ids(world, "op1", "op2", "op3")
    assert opinion_ids(sec, department=str(world.y.id)) == ids(world, "op2", "op3", "op5")
    assert opinion_ids(sec, speaker_kind="citizen") == ids(world, "op2")
    assert opinion_ids(sec, status="replied") == ids(world, "op1", "op2", "op3")
    assert opinion_ids(sec, status="assigned", department=str(world.x.id)) == set()
    assert opinion_ids(sec, category="A") == ids(world, "op1")  # Y's A is only a draft
    assert opinion_ids(sec, category="C") == ids(world, "op3")
    assert opinion_ids(sec, mode="joint") == ids(world, "op3")
    assert opinion_ids(sec, q="托育") == ids(world, "op2", "op4")
    assert opinion_ids(sec, q="建议3") == ids(world, "op1")  # in a suggestion
    assert opinion_ids(sec, q="100%_") == set()  # LIKE wildcards are plain characters
    assert reply_texts(sec, reply_status="draft") == {"教育局草稿"}
    assert reply_texts(sec, department=str(world.y.id), category="C") == {"教育局正式答复"}
    assert reply_texts(sec, q="教育局") == {"教育局草稿", "教育局正式答复"}


def test_filters_do_not_widen_a_role(world):
    x = world.users.x
    assert opinion_ids(x, department=str(world.y.id)) == set()  # Y's handling is not theirs
    assert reply_texts(x, department=str(world.y.id)) == set()


@pytest.mark.parametrize(
    "args",
    [
        {"meeting": "abc"},
        {"meeting": "-1"},
        {"meeting": "99999999999999999999"},
        {"year": "20300"},
        {"year": "两千"},
        {"department": "0"},
        {"speaker_kind": "alien"},
        {"status": "withdrawn"},
        {"status": "nope"},
        {"category": "Z"},
        {"mode": "x"},
        {"reply_status": "maybe"},
    ],
)
def test_bad_filter_values_are_ignored(world, args):
    assert RegisterFilters.from_args(MultiDict(args)) == RegisterFilters()


def test_rows_show_only_visible_handling(world):
    filters = RegisterFilters()
    opinions = list(db.session.scalars(queries.opinions_query(world.users.x, filters)))
    entries = {e.opinion.id: e for e in queries.opinion_entries(world.users.x, opinions)}
    op2 = entries[world.ops.op2.id]
    assert [a.department.name for a in op2.assignments] == ["区卫健局"]
    values = {c.key: c.value(op2) for c in columns.OPINION_COLUMNS}
    assert values["departments"] == "区卫健局"
    assert values["category"] == "B"
    assert values["suggestions"] == 2
    assert str(values["mode"]) == "分办"


def test_row_values_for_staff(world):
    filters = RegisterFilters()
    opinions = list(db.session.scalars(queries.opinions_query(world.users.sec, filters)))
    entries = {e.opinion.id: e for e in queries.opinion_entries(world.users.sec, opinions)}
    op1 = {c.key: c.value(entries[world.ops.op1.id]) for c in columns.OPINION_COLUMNS}
    assert op1["category"] == "A" and op1["rating"] == "满意" and op1["suggestions"] == 3
    assert op1["departments"] == "区卫健局" and op1["mode"] == "单办"
    op2 = {c.key: c.value(entries[world.ops.op2.id]) for c in columns.OPINION_COLUMNS}
    assert op2["departments"] == "区卫健局、区教育局"
    assert op2["category"] == "区卫健局：B"  # Y's draft is not a reply yet
    op3 = {c.key: c.value(entries[world.ops.op3.id]) for c in columns.OPINION_COLUMNS}
    assert op3["departments"].startswith("区教育局") and "区卫健局" in op3["departments"]
    assert op3["category"] == "C"
    op4 = {c.key: c.value(entries[world.ops.op4.id]) for c in columns.OPINION_COLUMNS}
    assert op4["departments"] == "" and op4["status"] == "未交办"
    op5 = entries[world.ops.op5.id]
    assert [a.department.name for a in op5.assignments] == ["区教育局"]  # withdrawn: history
    assert columns.is_overdue(op5)


@pytest.mark.parametrize("username", ["sec", "chair", "x", "y", "a", "b"])
def test_export_rows_read_the_same_as_page_rows(world, monkeypatch, username):
    """registers.flat (exports) and the ORM rows (pages) give the same values, same order."""
    monkeypatch.setattr(flat, "CHUNK", 2)
    user = getattr(world.users, username)
    filters = RegisterFilters()
    opinions = list(db.session.scalars(queries.opinions_query(user, filters)))
    page = [
        [c.value(e) for c in columns.OPINION_COLUMNS]
        for e in queries.opinion_entries(user, opinions)
    ]
    export = [
        [c.value(e) for c in columns.OPINION_COLUMNS]
        for e in flat.iter_opinion_entries(user, filters)
    ]
    assert export == page and page
    replies = list(db.session.scalars(queries.replies_query(user, filters)).unique())
    page = [[c.value(e) for c in columns.REPLY_COLUMNS] for e in queries.reply_entries(replies)]
    export = [
        [c.value(e) for c in columns.REPLY_COLUMNS] for e in flat.iter_reply_entries(user, filters)
    ]
    assert export == page and page


def test_accounts_without_a_department_or_person_see_nothing_foreign(world):
    from tests import factories

    lost_dept = factories.make_user("lost_dept", role="department")
    lost_member = factories.make_user("lost_member", role="member")
    db.session.commit()
    assert opinion_ids(lost_dept) == set() and reply_texts(lost_dept) == set()
    assert opinion_ids(lost_member) == set() and reply_texts(lost_member) == set()
