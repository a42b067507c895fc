"""Participants directory pages: every route's happy path and bad-input path."""

from datetime import datetime

import pytest

from extensions import db
from participants.models import Participant
from tests import factories
from tests.participants.conftest import alerts, field_errors
from tests.querycount import queries_for as count_queries

FORM = {
    "name": "吉𠮷",
    "kind": "member",
    "affiliation": "区第一中学",
    "title": "副校长",
    "sector": "教育界",
    "committee": "教文卫委",
    "phone": "13812345678",
    "email": "ji@example.edu.cn",
    "department_id": "0",
    "notes": "",
}


def form(**changes) -> dict:
    return {**FORM, **changes}


def test_directory_needs_a_signed_in_user(client):
    response = client.get("/participants/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_list_speaks_chinese_by_default(logged_in):
    factories.make_participant("王喆", sector="经济界")
    db.session.commit()
    page = logged_in.get("/participants/").get_data(as_text=True)
    assert "参会人员" in page and "新增人员" in page and "界别" in page
    assert "王喆" in page and "政协委员" in page
    assert "共 1 人" in page


def test_list_filters(logged_in):
    factories.make_participant("甲委员", sector="经济界", committee="经济委")
    factories.make_participant("乙委员", sector="教育界", committee="教文卫委")
    factories.make_participant("丙家长", kind="citizen", affiliation="幸福小区")
    factories.make_participant("丁退休", active=False)
    db.session.commit()

    def listed(query: str) -> set[str]:
        page = logged_in.get("/participants/?" + query).get_data(as_text=True)
        return {n for n in ("甲委员", "乙委员", "丙家长", "丁退休") if n in page}

    assert listed("") == {"甲委员", "乙委员", "丙家长"}
    assert listed("kind=citizen") == {"丙家长"}
    assert listed("sector=教育界") == {"乙委员"}
    assert listed("committee=经济委") == {"甲委员"}
    assert listed("q=幸福") == {"丙家长"}
    assert listed("status=inactive") == {"丁退休"}
    assert listed("status=all") == {"甲委员", "乙委员", "丙家长", "丁退休"}
    assert listed("kind=nonsense&status=nonsense") == {"甲委员", "乙委员", "丙家长"}


def test_list_offers_existing_sectors_and_committees(logged_in):
    factories.make_participant(sector="农业界", committee="农业农村委")
    db.session.commit()
    page = logged_in.get("/participants/").get_data(as_text=True)
    assert '<option value="农业界">' in page
    assert '<option value="农业农村委">' in page


def test_list_is_paginated(logged_in, small_pages):
    for n in range(5):
        factories.make_participant(f"委员{n}")
    db.session.commit()
    first = logged_in.get("/participants/").get_data(as_text=True)
    assert "委员0" in first and "委员1" in first and "委员2" not in first
    assert "page=3" in first
    third = logged_in.get("/participants/?page=3").get_data(as_text=True)
    assert "委员4" in third and "委员0" not in third
    assert logged_in.get("/participants/?page=99").status_code == 200
    assert logged_in.get("/participants/?page=abc").status_code == 200


def test_create_keeps_rare_characters(logged_in):
    assert logged_in.get("/participants/new").status_code == 200
    response = logged_in.post("/participants/new", data=form())
    assert response.status_code == 302
    participant = db.session.query(Participant).one()
    assert participant.name == "吉𠮷"
    assert participant.department_id is None
    assert response.headers["Location"].endswith(f"/participants/{participant.id}")
    detail = logged_in.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "吉𠮷" in detail and "区第一中学" in detail and "教育界" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写姓名"),
        ({"name": "名" * 65}, "最多 64 个字"),
        ({"phone": "call me"}, "电话号码"),
        ({"email": "not-an-email"}, "电子邮箱"),
        ({"kind": "citizen"}, "只有政协委员才有界别"),
        ({"kind": "official", "sector": "", "department_id": "9999"}, "请选择已有的承办单位"),
    ],
)
def test_create_with_bad_input_reshows_the_form(logged_in, changes, message):
    response = logged_in.post("/participants/new", data=form(**changes))
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response))
    assert db.session.query(Participant).count() == 0


def test_create_duplicate_is_refused(logged_in):
    factories.make_participant("吉𠮷", affiliation="区第一中学")
    db.session.commit()
    response = logged_in.post("/participants/new", data=form())
    assert response.status_code == 409
    assert any("已在名录中" in error for error in field_errors(response))
    assert db.session.query(Participant).count() == 1


def test_edit(logged_in):
    department = factories.make_department("区教育局")
    participant = factories.make_participant("李堃", kind="official")
    db.session.commit()
    page = logged_in.get(f"/participants/{participant.id}/edit")
    assert page.status_code == 200 and "李堃" in page.get_data(as_text=True)
    response = logged_in.post(
        f"/participants/{participant.id}/edit",
        data=form(name="李堃", kind="official", sector="", department_id=str(department.id)),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert participant.department_id == department.id
    assert participant.title == "副校长"


def test_edit_with_bad_input(logged_in):
    participant = factories.make_participant("陈珺", kind="citizen")
    db.session.commit()
    response = logged_in.post(
        f"/participants/{participant.id}/edit", data=form(name="陈珺", kind="citizen")
    )
    assert response.status_code == 422
    assert "只有政协委员才有界别" in response.get_data(as_text=True)
    db.session.expire_all()
    assert participant.sector == ""


def test_detail_lists_meetings_newest_first_and_the_department(logged_in):
    department = factories.make_department("区卫生健康委员会")
    official = factories.make_participant("赵昇", kind="official", department=department)
    old = factories.make_meeting("托育服务协商会", starts_at=datetime(2025, 4, 1, 9))
    new = factories.make_meeting("养老服务协商会", starts_at=datetime(2026, 6, 1, 9))
    factories.make_invitation(old, official, role="responder", attendance="present")
    factories.make_invitation(new, official, role="speaker", attendance="absent")
    db.session.commit()
    page = logged_in.get(f"/participants/{official.id}").get_data(as_text=True)
    assert page.index("养老服务协商会") < page.index("托育服务协商会")
    assert f'href="/meetings/{new.id}"' in page
    assert "2026-06-01" in page and "部门回应" in page and "出席" in page and "请假" in page
    assert "区卫生健康委员会" in page and f'href="/departments/{department.id}"' in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/participants/9999"),
        ("get", "/participants/9999/edit"),
        ("post", "/participants/9999/edit"),
        ("post", "/participants/9999/deactivate"),
        ("post", "/participants/9999/reactivate"),
        ("post", "/participants/9999/delete"),
    ],
)
def test_unknown_participant_is_a_404(logged_in, method, path):
    response = getattr(logged_in, method)(path)
    assert response.status_code == 404
    assert "不存在" in response.get_data(as_text=True)


def test_state_changes_refuse_get(logged_in):
    participant = factories.make_participant()
    db.session.commit()
    for action in ("deactivate", "reactivate", "delete"):
        assert logged_in.get(f"/participants/{participant.id}/{action}").status_code == 405


def test_deactivate_and_reactivate(logged_in):
    participant = factories.make_participant("孙悦")
    db.session.commit()
    response = logged_in.post(f"/participants/{participant.id}/deactivate", follow_redirects=True)
    assert "已停用 孙悦" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not participant.active
    assert "孙悦" not in logged_in.get("/participants/").get_data(as_text=True)
    logged_in.post(f"/participants/{participant.id}/reactivate")
    db.session.expire_all()
    assert participant.active


def test_delete_unreferenced(logged_in):
    participant = factories.make_participant("错录")
    db.session.commit()
    response = logged_in.post(f"/participants/{participant.id}/delete")
    assert response.status_code == 302
    assert db.session.query(Participant).count() == 0


def test_delete_referenced_is_refused_with_advice(logged_in):
    participant = factories.make_participant("周委员")
    factories.make_meeting(chair=participant)
    db.session.commit()
    response = logged_in.post(f"/participants/{participant.id}/delete")
    assert response.status_code == 409
    assert any("请停用" in message for message in alerts(response))
    assert db.session.query(Participant).count() == 1


def test_english_ui(logged_in):
    logged_in.get("/lang/en")
    page = logged_in.get("/participants/").get_data(as_text=True)
    assert "Add participant" in page


def test_pages_do_not_query_per_row(logged_in):
    def add(n: int) -> None:
        for _ in range(n):
            department = factories.make_department()
            official = factories.make_participant(kind="official", department=department)
            factories.make_invitation(factories.make_meeting(), official)
        db.session.commit()

    add(1)
    official = db.session.query(Participant).first()
    list_few = count_queries(logged_in, "/participants/")
    detail_few = count_queries(logged_in, f"/participants/{official.id}")
    add(4)
    for meeting in [factories.make_meeting() for _ in range(3)]:
        factories.make_invitation(meeting, official)
    db.session.commit()
    assert count_queries(logged_in, "/participants/") == list_few
    assert count_queries(logged_in, f"/participants/{official.id}") == detail_few


def test_huge_ids_and_pages_are_not_errors(logged_in):
    assert logged_in.get("/participants/99999999999999999999").status_code == 404
    assert logged_in.get("/participants/?page=99999999999999999999").status_code == 200
    response = logged_in.post(
        "/participants/new", data=form(kind="official", sector="", department_id="9" * 20)
    )
    assert response.status_code == 422


def test_changes_leave_an_audit_trail(logged_in):
    from audit.models import AuditAction, AuditEvent

    logged_in.post("/participants/new", data=form())
    participant = db.session.query(Participant).one()
    logged_in.post(f"/participants/{participant.id}/deactivate")
    events = db.session.query(AuditEvent).filter_by(
        table_name="participant", entity_id=participant.id
    )
    actions = [event.action for event in events.order_by(AuditEvent.id)]
    assert actions[0] == AuditAction.CREATE
    assert AuditAction.UPDATE in actions or AuditAction.STATUS in actions


def test_form_suggests_existing_sectors_and_committees(logged_in):
    factories.make_participant(sector="农业界", committee="农业农村委")
    db.session.commit()
    page = logged_in.get("/participants/new").get_data(as_text=True)
    assert 'list="sector-options"' in page and '<option value="农业界">' in page
    assert 'list="committee-options"' in page and '<option value="农业农村委">' in page
