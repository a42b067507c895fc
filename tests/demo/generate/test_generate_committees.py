"""`generate --committees N`: a city and N districts, each with its own history, apart."""

import pytest
from sqlalchemy import func, select, text

from accounts.models import User
from committees.models import Committee, CommitteeLevel
from demo.generate import BENCH_PASSWORD, GeneratorRefused, generate
from extensions import db
from meetings.models import Meeting
from office.models import OfficeSettings
from participants.models import Department
from tests.demo.generate.conftest import SMALL, wipe

EVERYTHING = {"all_committees": True}  # the test reads the whole install


def test_a_city_and_its_districts_each_with_its_own_history(app):
    wipe()
    counts = generate(**SMALL, committees=3)
    committees = db.session.scalars(
        select(Committee).order_by(Committee.id).execution_options(**EVERYTHING)
    ).all()
    assert counts["committees"] == 4
    city, *districts = committees
    assert (city.short_name, city.level) == ("云溪市", CommitteeLevel.CITY)
    assert [d.short_name for d in districts] == ["云溪区", "望山区", "清湾区"]
    assert {d.parent_id for d in districts} == {city.id}

    def count(model, committee) -> int:
        query = select(func.count(model.id)).where(model.committee_id == committee.id)
        return db.session.scalar(query.execution_options(**EVERYTHING))

    total = 0
    for district in districts:
        assert count(Meeting, district) > 0
        names = db.session.scalars(
            select(Department.name)
            .where(Department.committee_id == district.id)
            .execution_options(**EVERYTHING)
        ).all()
        assert all(district.short_name in n or n.startswith("团") for n in names)
        total += db.session.scalar(
            text(
                "SELECT COUNT(*) FROM opinion JOIN meeting ON meeting.id = opinion.meeting_id"
                " WHERE opinion.committee_id = :c AND meeting.committee_id = :c"
            ),
            {"c": district.id},
        )
    assert count(Meeting, city) == 0
    # Every opinion sits in its meeting's committee, and the counts add up.
    assert total == counts["opinions"]
    assert (
        db.session.scalar(
            text(
                "SELECT COUNT(*) FROM assignment JOIN opinion ON opinion.id = assignment.opinion_id"
                " JOIN department ON department.id = assignment.department_id"
                " WHERE assignment.committee_id != opinion.committee_id"
                " OR department.committee_id != opinion.committee_id"
            )
        )
        == 0
    )
    settings = db.session.scalars(
        select(OfficeSettings.issuing_body).execution_options(**EVERYTHING)
    ).all()
    assert sorted(settings) == sorted(c.name for c in committees)
    users = {
        u.username: u.committee_id
        for u in db.session.scalars(select(User).execution_options(**EVERYTHING))
    }
    assert users["bench-city-secretariat"] == city.id
    assert users["bench-secretariat"] == districts[0].id
    assert users["bench-d2-secretariat"] == districts[1].id
    assert users["bench-d3-member-1"] == districts[2].id


def test_a_second_district_cannot_open_the_first_ones_meeting(app, client):
    wipe()
    generate(**SMALL, committees=2)
    first = db.session.scalars(
        select(Committee).where(Committee.short_name == "云溪区").execution_options(**EVERYTHING)
    ).one()
    meeting_id = db.session.scalar(
        select(Meeting.id)
        .where(Meeting.committee_id == first.id)
        .limit(1)
        .execution_options(**EVERYTHING)
    )
    db.session.remove()  # requests get their own app context (the client fixture's class)
    for username, expected in (
        ("bench-secretariat", 200),
        ("bench-d2-secretariat", 404),
        ("bench-city-secretariat", 200),
    ):
        client = app.test_client()
        client.post("/login", data={"username": username, "password": BENCH_PASSWORD})
        assert client.get(f"/meetings/{meeting_id}").status_code == expected, username
    city = app.test_client()
    city.post("/login", data={"username": "bench-city-chair", "password": BENCH_PASSWORD})
    league = city.get("/dashboard/").get_data(as_text=True)
    assert "云溪区" in league and "望山区" in league


def test_committees_need_an_install_without_committees(app):
    with pytest.raises(GeneratorRefused, match="already holds committees"):
        generate(**SMALL, committees=2)  # the app fixture made the default committee
