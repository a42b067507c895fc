"""Department rules, tested without HTTP."""

import pytest

from common.errors import RuleViolation
from extensions import db
from participants import department_services as services
from participants.department_services import DepartmentInput
from participants.models import Department
from tests import factories

pytestmark = pytest.mark.usefixtures("request_context")


def health(**fields) -> Department:
    fields.setdefault("short_name", "卫健委")
    fields.setdefault("aliases", "区卫健委，卫健局")
    return services.create_department(DepartmentInput(name="区卫生健康委员会", **fields))


def test_create_normalises_aliases_from_every_separator(app):
    department = services.create_department(
        DepartmentInput(
            name=" 区发展和改革委员会 ",
            short_name="发改委",
            aliases="区发改委, 发展改革委、发改局；区发改委;计委\n 物价局 ",
            contact_person="周敏",
            phone="010-65123456",
            email="fgw@example.gov.cn",
            address="区政府大楼3层",
        )
    )
    assert department.name == "区发展和改革委员会"
    assert department.aliases == ["区发改委", "发展改革委", "发改局", "计委", "物价局"]
    assert department.aliases_text == "区发改委,发展改革委,发改局,计委,物价局"
    assert department.all_names[:2] == ["区发展和改革委员会", "发改委"]
    assert department.active


def test_alias_repeating_the_own_name_is_dropped(app):
    department = services.create_department(
        DepartmentInput(name="区财政局", short_name="财政局", aliases="区财政局,财政局,财政")
    )
    assert department.aliases == ["财政"]


@pytest.mark.parametrize("name", ["", "  "])
def test_name_is_required(app, name):
    with pytest.raises(RuleViolation) as error:
        services.create_department(DepartmentInput(name=name))
    assert error.value.field_name == "name"


@pytest.mark.parametrize("name", ["区财政局", " 区财政局  "])
def test_name_is_unique_after_trimming(app, name):
    services.create_department(DepartmentInput(name="区财政局"))
    with pytest.raises(RuleViolation) as error:
        services.create_department(DepartmentInput(name=name))
    assert error.value.status == 409
    assert "区财政局" in error.value.message


def test_latin_names_compare_without_case_or_width(app):
    services.create_department(DepartmentInput(name="区CDC"))
    with pytest.raises(RuleViolation):
        services.create_department(DepartmentInput(name="区ｃｄｃ"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aliases", "区卫生健康委员会"),  # another department's name
        ("aliases", "卫健委"),  # another department's short name
        ("aliases", "托育办, 卫健局"),  # another department's alias
        ("short_name", "卫健局"),  # short name = another's alias
        ("short_name", "区卫生健康委员会"),
    ],
)
def test_alias_or_short_name_of_another_department_is_refused(app, field, value):
    health()
    db.session.commit()
    with pytest.raises(RuleViolation) as error:
        services.create_department(DepartmentInput(name="区妇联", **{field: value}))
    assert error.value.field_name == field
    assert "区卫生健康委员会" in error.value.message  # names the clashing department
    db.session.rollback()
    assert db.session.query(Department).count() == 1


def test_name_that_is_another_departments_alias_is_refused(app):
    health()
    with pytest.raises(RuleViolation) as error:
        services.create_department(DepartmentInput(name="卫健局"))
    assert "区卫生健康委员会" in error.value.message


def test_update_keeps_own_names_and_refuses_a_clash(app):
    department = health()
    other = services.create_department(DepartmentInput(name="区教育局", aliases="教育局"))
    services.update_department(
        department,
        DepartmentInput(name="区卫生健康委员会", short_name="卫健委", aliases="卫健局,区卫健局"),
    )
    assert department.aliases == ["卫健局", "区卫健局"]
    with pytest.raises(RuleViolation):
        services.update_department(other, DepartmentInput(name="区教育局", aliases="卫健委"))


def test_search_by_name_short_name_alias_and_status(app):
    health()
    services.create_department(DepartmentInput(name="区市场监督管理局", short_name="市场监管局"))
    factories.make_department("区旧物价局", aliases_text="物价局", active=False)

    def names(q: str = "", status: str = "active") -> list[str]:
        return [d.name for d in services.search_departments(q, status, 1, 50).items]

    assert names() == sorted(["区卫生健康委员会", "区市场监督管理局"])
    assert names("卫健局") == ["区卫生健康委员会"]
    assert names("市场监管") == ["区市场监督管理局"]
    assert names("物价") == []
    assert names("物价", "inactive") == ["区旧物价局"]
    assert len(names(status="all")) == 3
    assert len(names(status="nonsense")) == 2


def test_deactivate_reactivate_and_officials(app):
    department = health()
    official = factories.make_participant("钱昇", kind="official", department=department)
    services.set_department_active(department, False)
    assert not department.active
    services.set_department_active(department, True)
    assert department.active
    assert services.department_officials(department) == [official]
