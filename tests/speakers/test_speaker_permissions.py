"""Who may run the speakers list and who may watch the screen (accounts.policy)."""

import pytest

from extensions import db
from speakers.models import SpeakerStatus
from tests import factories
from tests.speakers.test_speaker_views import slots_of

ANON = "anonymous"


@pytest.fixture
def users(meeting, filled, people):
    """A user of every role; 'weiyuan' speaks at the meeting, 'waiwei' is not invited;
    department 'weijian' responds through its invited official, 'caizheng' has no part."""
    involved = factories.make_department("区卫健局")
    people["official"].department = involved
    factories.make_user("zhuxi", role="chair")
    factories.make_user("weiyuan", role="member", participant=people["member"])
    factories.make_user("waiwei", role="member", participant=factories.make_participant("外委员"))
    factories.make_user("weijian", role="department", department=involved)
    factories.make_user("caizheng", role="department", department=factories.make_department())
    db.session.commit()


def sign_in(client, username: str) -> None:
    if username == ANON:
        return
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


def manage_requests(meeting, slot_id: int) -> list[tuple[str, str, dict | None]]:
    base = f"/meetings/{meeting.id}/speakers"
    return [
        ("get", base, None),
        ("post", f"{base}/fill", None),
        ("post", f"{base}/add", {"participant_id": "1"}),
        ("post", f"{base}/next", None),
        ("post", f"{base}/{slot_id}", {"topic": "x", "minutes": "3"}),
        ("post", f"{base}/{slot_id}/move", {"direction": "down"}),
        ("post", f"{base}/{slot_id}/start", None),
        ("post", f"{base}/{slot_id}/stop", None),
        ("post", f"{base}/{slot_id}/spoken", None),
        ("post", f"{base}/{slot_id}/skip", None),
        ("post", f"{base}/{slot_id}/delete", None),
    ]


def watch_requests(meeting) -> list[str]:
    return [f"/meetings/{meeting.id}/screen", f"/meetings/{meeting.id}/speakers/state"]


@pytest.mark.parametrize(
    "username, manage, watch",
    [
        (ANON, 302, 302),  # to the sign-in page
        ("weiyuan", 403, 200),  # sees the meeting, does not run the list
        ("weijian", 403, 200),
        ("waiwei", 404, 404),  # the meeting is private to them
        ("caizheng", 404, 404),
    ],
)
def test_who_may_not_run_the_list(client, meeting, filled, users, username, manage, watch):
    sign_in(client, username)
    for method, url, data in manage_requests(meeting, filled[1].id):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == manage, (username, url)
    for url in watch_requests(meeting):
        assert client.get(url).status_code == watch, (username, url)
    assert {s.status for s in slots_of(meeting)} == {SpeakerStatus.WAITING}
    assert len(slots_of(meeting)) == 6


@pytest.mark.parametrize("username", ["secretariat", "zhuxi"])
def test_secretariat_and_chair_run_the_list(client, secretariat, meeting, filled, users, username):
    sign_in(client, username)
    assert client.get(f"/meetings/{meeting.id}/speakers").status_code == 200
    assert client.post(f"/meetings/{meeting.id}/speakers/next").status_code == 302
    assert slots_of(meeting)[0].status == SpeakerStatus.SPEAKING
    for url in watch_requests(meeting):
        assert client.get(url).status_code == 200


def test_a_draft_meeting_screen_is_hidden_from_its_speakers(client, meeting, filled, users):
    meeting.status = meeting.status.DRAFT
    db.session.commit()
    sign_in(client, "weiyuan")
    for url in watch_requests(meeting):
        assert client.get(url).status_code == 404


def test_the_state_feed_does_not_answer_signed_out_pollers_with_data(client, meeting, filled):
    response = client.get(f"/meetings/{meeting.id}/speakers/state")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
