"""Committees: the command line and the page where a city adds a district.

The install's administrator creates committees and accounts by CLI; a city's secretariat
adds a district with its first secretariat account in the UI, in one transaction; that
account then works in its own committee only.
"""

from sqlalchemy import func, select

from accounts.models import User
from committees.models import Committee, CommitteeLevel
from extensions import db
from office.services import find_settings
from tests import factories


def committees() -> dict[str, Committee]:
    return {c.short_name: c for c in db.session.scalars(select(Committee))}


# --- command line ------------------------------------------------------------------------


def test_cli_creates_and_lists_committees(runner):
    made = runner.invoke(
        args=["committee", "create", "政协样例市委员会", "--short", "样例市", "--level", "city"]
    )
    assert made.exit_code == 0, made.output
    made = runner.invoke(
        args=[
            "committee",
            "create",
            "政协东城区委员会",
            "--short",
            "东城区",
            "--level",
            "district",
            "--parent",
            "样例市",
        ]
    )
    assert made.exit_code == 0, made.output
    found = committees()
    assert found["东城区"].parent_id == found["样例市"].id
    assert found["东城区"].level is CommitteeLevel.DISTRICT
    # Its office settings start with its name as the issuing body.
    assert find_settings(found["东城区"].id).issuing_body == "政协东城区委员会"
    listed = runner.invoke(args=["committee", "list"]).output
    assert "样例市" in listed and "东城区" in listed and "under 样例市" in listed


def test_cli_refuses_what_does_not_fit(runner):
    runner.invoke(
        args=["committee", "create", "政协甲区委员会", "--short", "甲区", "--level", "district"]
    )
    unknown = runner.invoke(
        args=[
            "committee",
            "create",
            "政协乙区委员会",
            "--short",
            "乙区",
            "--level",
            "district",
            "--parent",
            "无此市",
        ]
    )
    assert unknown.exit_code != 0 and "无此市" in unknown.output
    twice = runner.invoke(
        args=["committee", "create", "政协丙区委员会", "--short", "甲区", "--level", "district"]
    )
    assert twice.exit_code != 0 and "已有同名或同简称" in twice.output
    under_district = runner.invoke(
        args=[
            "committee",
            "create",
            "政协丁区委员会",
            "--short",
            "丁区",
            "--level",
            "district",
            "--parent",
            "甲区",
        ]
    )
    assert under_district.exit_code != 0 and "只有市政协" in under_district.output
    assert "乙区" not in committees() and "丁区" not in committees()


def test_user_create_takes_the_committee_or_the_only_one(runner):
    alone = runner.invoke(
        args=[
            "user",
            "create",
            "only-one",
            "--role",
            "secretariat",
            "--password",
            "Lang-Pass-2030!",
        ]
    )
    assert alone.exit_code == 0, alone.output
    only = db.session.scalar(select(User).where(User.username == "only-one"))
    assert only.committee_id == factories.default_committee().id

    runner.invoke(
        args=["committee", "create", "政协第二区委员会", "--short", "第二区", "--level", "district"]
    )
    unsure = runner.invoke(
        args=["user", "create", "unsure", "--role", "secretariat", "--password", "Lang-Pass-2030!"]
    )
    assert unsure.exit_code != 0 and "--committee" in unsure.output
    placed = runner.invoke(
        args=[
            "user",
            "create",
            "second",
            "--role",
            "chair",
            "--password",
            "Lang-Pass-2030!",
            "--committee",
            "第二区",
        ]
    )
    assert placed.exit_code == 0, placed.output
    user = db.session.scalar(select(User).where(User.username == "second"))
    assert user.committee_id == committees()["第二区"].id
    nowhere = runner.invoke(
        args=[
            "user",
            "create",
            "nowhere",
            "--role",
            "chair",
            "--password",
            "Lang-Pass-2030!",
            "--committee",
            "无此区",
        ]
    )
    assert nowhere.exit_code != 0


# --- the page ------------------------------------------------------------------------------


def city_world():
    home = factories.default_committee()
    city = factories.make_committee("样例市", level="city")
    home.parent = city
    factories.make_user("city-sec", role="secretariat", committee_id=city.id)
    factories.make_user("district-sec", role="secretariat", committee_id=home.id)
    factories.make_user("district-member", role="member", committee_id=home.id)
    db.session.commit()
    return city, home


NEW = {
    "name": "政协新设区委员会",
    "short_name": "新设区",
    "level": "district",
    "username": "xinshe-mishu",
    "display_name": "新设区秘书处",
    "password": "Xinshe-Pass-2030!",
}


def test_a_city_adds_a_district_with_its_first_secretariat(client, auth):
    city, home = city_world()
    auth.login("city-sec")
    page = client.get("/committees/").get_data(as_text=True)
    assert "样例市" in page and "本区" in page and "新增区、县政协" in page
    answer = client.post("/committees/new", data=NEW)
    assert answer.status_code == 302
    made = committees()["新设区"]
    assert made.parent_id == city.id
    account = db.session.scalar(select(User).where(User.username == "xinshe-mishu"))
    assert account.committee_id == made.id and account.role.value == "secretariat"
    auth.logout()

    # The new secretariat sees its own committee only, not the city's or 本区's.
    assert auth.login("xinshe-mishu", NEW["password"]).status_code == 302
    page = client.get("/committees/").get_data(as_text=True)
    assert "新设区" in page and "本区" not in page
    assert "新增区、县政协" not in page


def test_nothing_is_half_written_when_a_rule_refuses(client, auth):
    city_world()
    auth.login("city-sec")
    taken = client.post("/committees/new", data={**NEW, "short_name": "本区"})
    assert taken.status_code == 409
    assert (
        db.session.scalar(select(func.count(User.id)).where(User.username == "xinshe-mishu")) == 0
    )
    weak = client.post("/committees/new", data={**NEW, "password": "123"})
    assert weak.status_code == 422 or weak.status_code == 400
    assert "新设区" not in committees()
    assert (
        db.session.scalar(select(func.count(User.id)).where(User.username == "xinshe-mishu")) == 0
    )


def test_only_a_city_secretariat_adds_committees(client, auth):
    city_world()
    auth.login("district-sec")
    assert client.post("/committees/new", data=NEW).status_code == 403
    assert "新增区、县政协" not in client.get("/committees/").get_data(as_text=True)
    auth.logout()
    auth.login("district-member")
    assert client.get("/committees/").status_code == 403
    assert client.post("/committees/new", data=NEW).status_code == 403
    assert "新设区" not in committees()
