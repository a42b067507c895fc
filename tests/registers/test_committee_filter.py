"""A city's staff narrow the registers and search to one committee; a district's user never
gets a sibling's rows, whatever the query string says."""

from datetime import datetime

from committees.current import working_in
from extensions import db
from search.indexing import rebuild_index
from tests import factories


def world():
    home = factories.default_committee()
    city = factories.make_committee("样例市", level="city")
    home.parent = city
    west = factories.make_committee("西区", parent=city)
    for committee in (home, west):
        with working_in(committee.id):
            meeting = factories.make_meeting(
                f"{committee.short_name}会议", status="held", starts_at=datetime(2030, 5, 20, 9)
            )
            factories.make_opinion(meeting, title=f"{committee.short_name}关于供水的意见")
    factories.make_user("city-sec", role="secretariat", committee_id=city.id)
    factories.make_user("home-sec", role="secretariat", committee_id=home.id)
    db.session.commit()
    rebuild_index()
    db.session.commit()
    return home, west


def test_registers_and_search_take_a_committee_filter(client, auth):
    home, west = world()
    auth.login("city-sec")
    everything = client.get("/opinions/").get_data(as_text=True)
    assert "本区关于供水的意见" in everything and "西区关于供水的意见" in everything
    assert 'name="committee"' in everything
    only_west = client.get(f"/opinions/?committee={west.id}").get_data(as_text=True)
    assert "西区关于供水的意见" in only_west and "本区关于供水的意见" not in only_west
    found = client.get(f"/search/?q=供水&committee={west.id}").get_data(as_text=True)
    assert "西区关于供水的意见" in found and "本区关于供水的意见" not in found
    auth.logout()

    auth.login("home-sec")
    own = client.get("/opinions/").get_data(as_text=True)
    assert 'name="committee"' not in own and "西区关于供水的意见" not in own
    sibling = client.get(f"/opinions/?committee={west.id}").get_data(as_text=True)
    assert "西区关于供水的意见" not in sibling
    answer = client.get(f"/search/?q=供水&committee={west.id}")
    assert "西区关于供水的意见" not in answer.get_data(as_text=True)
    assert answer.status_code < 500
