"""Consensus routes and closing the meeting over HTTP; the meeting page's query count."""

import pytest

from extensions import db
from meetings.models import Meeting, MeetingStatus
from opinions.models import ConsensusPoint
from tests import factories
from tests.factories import make_opinion
from tests.opinions.conftest import set_status
from tests.querycount import queries_for as count_statements

pytestmark = pytest.mark.usefixtures("clock")  # the meeting day, so points may be recorded


@pytest.fixture
def as_user(client, auth, world):
    def login(role: str):
        auth.logout()
        assert auth.login(role).status_code == 302
        return client

    return login


def points() -> list[ConsensusPoint]:
    db.session.expire_all()
    return db.session.query(ConsensusPoint).order_by(ConsensusPoint.position).all()


def test_chair_records_a_point_from_the_meeting_page(as_user, world):
    meeting = world["meeting"]
    opinion = make_opinion(meeting, world["people"]["agency"], "托位不足")
    db.session.commit()
    client = as_user("chair")
    page = client.get(f"/meetings/{meeting.id}")
    assert "记录共识" in page.text and 'name="opinion_ids"' in page.text
    response = client.post(
        f"/meetings/{meeting.id}/consensus",
        data={"text": "扩大普惠托育供给", "opinion_ids": [opinion.id]},
    )
    assert response.status_code == 302
    [point] = points()
    assert point.text == "扩大普惠托育供给" and [o.id for o in point.opinions] == [opinion.id]
    page = client.get(f"/meetings/{meeting.id}")
    assert "扩大普惠托育供给" in page.text


@pytest.mark.parametrize(
    "form",
    [
        {"text": ""},
        {"text": "共识", "opinion_ids": ["abc"]},
        {"text": "共识", "opinion_ids": [999999]},
    ],
)
def test_bad_input_is_422(as_user, world, form):
    response = as_user("secretariat").post(f"/meetings/{world['meeting'].id}/consensus", data=form)
    assert response.status_code == 422
    assert points() == []


def test_foreign_opinion_cannot_be_linked(as_user, world):
    other = factories.make_meeting("别的会", status="held")
    foreign = make_opinion(other, world["people"]["member"])
    db.session.commit()
    response = as_user("chair").post(
        f"/meetings/{world['meeting'].id}/consensus",
        data={"text": "共识", "opinion_ids": [foreign.id]},
    )
    assert response.status_code == 422
    assert points() == []


@pytest.mark.parametrize("role, status", [("member", 403), ("department", 404), ("outsider", 404)])
def test_other_roles_refused(as_user, world, role, status):
    meeting = world["meeting"]
    point = ConsensusPoint(meeting=meeting, position=1, text="原文")
    db.session.add(point)
    db.session.commit()
    client = as_user(role)
    base = f"/meetings/{meeting.id}/consensus"
    assert client.post(base, data={"text": "越权"}).status_code == status
    assert client.get(f"{base}/{point.id}/edit").status_code == status
    assert client.post(f"{base}/{point.id}/edit", data={"text": "改"}).status_code == status
    assert client.post(f"{base}/{point.id}/delete").status_code == status
    assert client.post(f"{base}/{point.id}/move", data={"direction": "up"}).status_code == status
    assert [p.text for p in points()] == ["原文"]


def test_edit_move_delete(as_user, world):
    meeting = world["meeting"]
    opinion = make_opinion(meeting, world["people"]["citizen"])
    one = ConsensusPoint(meeting=meeting, position=1, text="一")
    two = ConsensusPoint(meeting=meeting, position=2, text="二")
    db.session.add_all([one, two])
    db.session.commit()
    client = as_user("chair")
    base = f"/meetings/{meeting.id}/consensus"
    assert client.get(f"{base}/{one.id}/edit").status_code == 200
    response = client.post(
        f"{base}/{one.id}/edit", data={"text": "一改", "opinion_ids": [opinion.id]}
    )
    assert response.status_code == 302
    assert client.post(f"{base}/{one.id}/edit", data={"text": ""}).status_code == 422
    assert client.post(f"{base}/{two.id}/move", data={"direction": "up"}).status_code == 302
    assert [p.text for p in points()] == ["二", "一改"]
    assert client.post(f"{base}/{two.id}/move", data={"direction": "sideways"}).status_code == 422
    assert client.post(f"{base}/{two.id}/delete").status_code == 302
    assert [(p.position, p.text) for p in points()] == [(1, "一改")]


def test_bad_point_ids_are_404(as_user, world):
    other = factories.make_meeting("别的会", status="held")
    foreign = ConsensusPoint(meeting=other, position=1, text="别处的共识")
    db.session.add(foreign)
    db.session.commit()
    client = as_user("chair")
    base = f"/meetings/{world['meeting'].id}/consensus"
    assert client.get(f"{base}/{foreign.id}/edit").status_code == 404
    assert client.post(f"{base}/{foreign.id}/delete").status_code == 404
    assert client.get(f"{base}/999999/edit").status_code == 404
    assert client.post("/meetings/999999/consensus", data={"text": "x"}).status_code == 404


def test_refused_on_a_final_meeting(as_user, world):
    meeting = world["meeting"]
    point = ConsensusPoint(meeting=meeting, position=1, text="定稿")
    db.session.add(point)
    db.session.commit()
    set_status(meeting, "closed")
    client = as_user("chair")
    assert "记录共识" not in client.get(f"/meetings/{meeting.id}").text
    response = client.post(f"/meetings/{meeting.id}/consensus", data={"text": "补充"})
    assert response.status_code == 409
    assert client.post(f"/meetings/{meeting.id}/consensus/{point.id}/delete").status_code == 409
    assert [p.text for p in points()] == ["定稿"]


def test_closing_needs_a_consensus_point(as_user, world):
    meeting = world["meeting"]
    set_status(meeting, "held")
    client = as_user("secretariat")
    response = client.post(f"/meetings/{meeting.id}/status", data={"status": "closed"})
    assert response.status_code == 409
    assert "至少记录一条协商共识" in response.text
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.HELD
    client.post(f"/meetings/{meeting.id}/consensus", data={"text": "形成共识"})
    response = client.post(f"/meetings/{meeting.id}/status", data={"status": "closed"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.CLOSED


# ---------------------------------------------------------------- query count


def add_opinions(world, how_many: int, start: int = 0) -> None:
    from opinions.themes import themes_named

    meeting = world["meeting"]
    kinds = ["member", "citizen", "agency", "official"]
    made = []
    for n in range(start, start + how_many):
        opinion = make_opinion(
            meeting, world["people"][kinds[n % 4]], f"意见{n}", ["建议一", "建议二", "建议三"]
        )
        opinion.themes = themes_named([f"主题{n % 7}", "普惠托育"])
        made.append(opinion)
    db.session.add(ConsensusPoint(meeting=meeting, position=n, text=f"共识{n}", opinions=made[-3:]))
    db.session.commit()


@pytest.mark.parametrize("role", ["secretariat", "chair", "member"])
def test_meeting_page_query_count_does_not_grow_with_opinions(as_user, world, role):
    client = as_user(role)
    url = f"/meetings/{world['meeting'].id}"
    add_opinions(world, 20)
    few = count_statements(client, url)
    add_opinions(world, 180, start=20)
    many = count_statements(client, url)
    assert few == many
    assert many <= 25
    page = client.get(url).text
    assert page.count('class="list-group-item d-flex gap-2 opinion-item"') == 200
    assert "意见199" in page


def test_before_the_meeting_day_the_chair_sees_when_points_can_be_recorded(as_user, world, clock):
    from tests.opinions.conftest import BEFORE

    clock.at = BEFORE
    page = as_user("chair").get(f"/meetings/{world['meeting'].id}").text
    assert "会议召开当天或会议召开后" in page and 'name="opinion_ids"' not in page
    response = as_user("chair").post(
        f"/meetings/{world['meeting'].id}/consensus", data={"text": "提前"}
    )
    assert response.status_code == 409
    assert points() == []
