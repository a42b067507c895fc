"""Department pages: every route's happy path and bad-input path."""

import pytest

from extensions import db
from participants.models import Department
from tests import factories
from tests.participants.conftest import field_errors

FORM = {
    "name": "区卫生健康委员会",
    "short_name": "卫健委",
    "aliases": "区卫健委，卫健局、卫生局",
    "contact_person": "钱珺",
    "phone": "0571-88886666转801",
    "email": "wjw@example.gov.cn",
    "address": "区行政中心2号楼",
}


def form(**changes) -> dict:
    return {**FORM, **changes}


def test_list_search_and_status(logged_in):
    factories.make_department("区卫生健康委员会", short_name="卫健委", aliases_text="卫健局")
    factories.make_department("区财政局")
    factories.make_department("区物价局", active=False)
    db.session.commit()

    def listed(query: str) -> set[str]:
        page = logged_in.get("/departments/?" + query).get_data(as_text=True)
        return {n for n in ("区卫生健康委员会", "区财政局", "区物价局") if n in page}

    page = logged_in.get("/departments/").get_data(as_text=True)
    assert "承办单位" in page and "新增承办单位" in page and "共 2 个承办单位" in page
    assert listed("") == {"区卫生健康委员会", "区财政局"}
    assert listed("q=卫健局") == {"区卫生健康委员会"}
    assert listed("q=财政") == {"区财政局"}
    assert listed("status=inactive") == {"区物价局"}
    assert len(listed("status=all")) == 3


def test_list_is_paginated(logged_in, small_pages):
    for n in range(3):
        factories.make_department(f"测试局{n}")
    db.session.commit()
    first = logged_in.get("/departments/").get_data(as_text=True)
    assert "测试局2" not in first and "page=2" in first
    assert "测试局2" in logged_in.get("/departments/?page=2").get_data(as_text=True)


def test_create(logged_in):
    assert logged_in.get("/departments/new").status_code == 200
    response = logged_in.post("/departments/new", data=form())
    assert response.status_code == 302
    department = db.session.query(Department).one()
    assert department.aliases == ["区卫健委", "卫健局", "卫生局"]
    detail = logged_in.get(f"/departments/{department.id}").get_data(as_text=True)
    for text in ("区卫生健康委员会", "卫健局", "卫生局", "钱珺", "0571-88886666转801"):
        assert text in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "请填写名称"),
        ({"name": "局" * 101}, "最多 100 个字"),
        ({"phone": "电话"}, "电话号码"),
        ({"email": "wjw@"}, "电子邮箱"),
    ],
)
def test_create_with_bad_input(logged_in, changes, message):
    response = logged_in.post("/departments/new", data=form(**changes))
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response))
    assert db.session.query(Department).count() == 0


def test_create_with_a_clashing_alias_names_the_other_department(logged_in):
    factories.make_department("区教育局", aliases_text="教育局")
    db.session.commit()
    response = logged_in.post("/departments/new", data=form(aliases="卫健局,教育局"))
    assert response.status_code == 409
    assert any("区教育局" in error for error in field_errors(response))
    assert db.session.query(Department).count() == 1


def test_create_with_a_taken_name(logged_in):
    factories.make_department("区卫生健康委员会")
    db.session.commit()
    response = logged_in.post("/departments/new", data=form(name=" 区卫生健康委员会 "))
    assert response.status_code == 409
    assert "已有名为“区卫生健康委员会”的承办单位" in response.get_data(as_text=True)


def test_edit(logged_in):
    department = factories.make_department("区妇联", aliases_text="妇联,区妇女联合会")
    db.session.commit()
    page = logged_in.get(f"/departments/{department.id}/edit").get_data(as_text=True)
    assert "妇联，区妇女联合会" in page
    response = logged_in.post(
        f"/departments/{department.id}/edit",
        data=form(name="区妇女联合会", short_name="区妇联", aliases="妇联"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert department.name == "区妇女联合会"
    assert department.aliases == ["妇联"]


def test_edit_with_bad_input(logged_in):
    department = factories.make_department("区妇联")
    db.session.commit()
    response = logged_in.post(f"/departments/{department.id}/edit", data=form(name=""))
    assert response.status_code == 422
    db.session.expire_all()
    assert department.name == "区妇联"


def test_detail_lists_officials(logged_in):
    department = factories.make_department("区住房和城乡建设局")
    factories.make_participant("吴喆", kind="official", department=department, title="副局长")
    db.session.commit()
    page = logged_in.get(f"/departments/{department.id}").get_data(as_text=True)
    assert "吴喆" in page and "副局长" in page and "部门负责人" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/departments/9999"),
        ("get", "/departments/9999/edit"),
        ("post", "/departments/9999/edit"),
        ("post", "/departments/9999/deactivate"),
        ("post", "/departments/9999/reactivate"),
    ],
)
def test_unknown_department_is_a_404(logged_in, method, path):
    assert getattr(logged_in, method)(path).status_code == 404


def test_deactivate_and_reactivate(logged_in):
    department = factories.make_department("区市场监督管理局")
    db.session.commit()
    response = logged_in.post(f"/departments/{department.id}/deactivate", follow_redirects=True)
    assert "已停用 区市场监督管理局" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not department.active
    logged_in.post(f"/departments/{department.id}/reactivate")
    db.session.expire_all()
    assert department.active


def test_huge_ids_and_pages_are_not_errors(logged_in):
    assert logged_in.get("/departments/99999999999999999999").status_code == 404
    assert logged_in.get("/departments/?page=-3").status_code == 200
