"""The city's dashboard: a league of its committees; a district sees its own figures only,
even when another committee's page was rendered (and cached) first."""

from datetime import date, datetime

from committees.current import working_in
from extensions import db
from tests import factories


def district_with(committee, opinions: int, replied: int) -> None:
    with working_in(committee.id):
        meeting = factories.make_meeting(
            f"{committee.short_name}的会", status="held", starts_at=datetime(2030, 5, 20, 9, 0)
        )
        department = factories.make_department(f"{committee.short_name}卫健局")
        for n in range(opinions):
            opinion = factories.make_opinion(meeting, title=f"{committee.short_name}意见{n}")
            assignment = factories.make_assignment(opinion, department, due_date=date(2030, 7, 1))
            if n < replied:
                factories.make_reply(assignment, category="A", submitted_at=datetime(2030, 6, 1))


def test_the_city_sees_each_district_and_a_district_only_itself(client, auth, clock):
    clock.set(date(2030, 12, 1))
    home = factories.default_committee()
    city = factories.make_committee("样例市", level="city")
    home.parent = city
    west = factories.make_committee("西区", parent=city)
    district_with(home, opinions=4, replied=1)
    district_with(west, opinions=2, replied=2)
    factories.make_user("city-sec", role="secretariat", committee_id=city.id)
    factories.make_user("home-sec", role="secretariat", committee_id=home.id)
    factories.make_user("west-sec", role="secretariat", committee_id=west.id)
    db.session.commit()

    auth.login("city-sec")
    page = client.get("/dashboard/?year=2030").get_data(as_text=True)
    league = page[page.index('id="committee-league"') :].split("</section>")[0]
    assert "本区" in league and "西区" in league
    rows = {line.split("</th>")[0].split(">")[-1]: line for line in league.split("<tr>")[2:]}
    assert ">4<" in rows["本区"] and "25.0%" in rows["本区"]  # 1 of 4 replied
    assert ">2<" in rows["西区"] and "100.0%" in rows["西区"]
    auth.logout()

    for username, own, other in (("home-sec", "本区", "西区"), ("west-sec", "西区", "本区")):
        auth.login(username)
        page = client.get("/dashboard/?year=2030").get_data(as_text=True)
        assert 'id="committee-league"' not in page
        assert f"{own}卫健局" in page and f"{other}卫健局" not in page
        auth.logout()
