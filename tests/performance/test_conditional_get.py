"""Conditional GET: a page answers 304 to a browser whose copy is current, and only then."""

import pytest

from extensions import db
from tests import factories


@pytest.fixture
def meeting(app):
    meeting = factories.make_meeting(status="scheduled")
    db.session.commit()
    return meeting


def revalidate(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})


def current_etag(client, url: str) -> str:
    client.get(url)  # the first visit after sign-in starts the session's CSRF token
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    return response.headers["ETag"]


@pytest.mark.parametrize("path", ["/meetings/", "/meetings/{id}", "/inbox/"])
def test_unchanged_page_is_304_until_something_is_written(logged_in, meeting, path):
    url = path.format(id=meeting.id)
    etag = current_etag(logged_in, url)
    response = revalidate(logged_in, url, etag)
    assert response.status_code == 304
    assert response.data == b""

    meeting.venue = "区政协二楼会议室"
    db.session.commit()
    response = revalidate(logged_in, url, etag)
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_another_user_or_a_new_session_does_not_get_the_copy(client, auth, meeting):
    factories.make_user("sec2", role="secretariat")
    factories.make_user("sec1", role="secretariat")
    db.session.commit()
    url = f"/meetings/{meeting.id}"
    auth.login("sec1")
    etag = current_etag(client, url)
    auth.logout()
    auth.login("sec2")
    assert revalidate(client, url, etag).status_code == 200
    auth.logout()
    auth.login("sec1")  # signed in again: a new session, new CSRF token in the page
    assert revalidate(client, url, etag).status_code == 200


def test_access_is_checked_before_any_304(client, auth, meeting):
    factories.make_user("sec1", role="secretariat")
    member = factories.make_participant()
    factories.make_user("m1", role="member", participant=member)
    db.session.commit()
    url = f"/meetings/{meeting.id}"
    auth.login("sec1")
    etag = current_etag(client, url)
    auth.logout()
    auth.login("m1")  # not invited: the meeting is private to them
    assert revalidate(client, url, etag).status_code == 404
    assert revalidate(client, "/meetings/999999", etag).status_code == 404


def test_a_flashed_message_is_always_shown(logged_in, meeting):
    url = f"/meetings/{meeting.id}"
    etag = current_etag(logged_in, url)
    with logged_in.session_transaction() as session:
        session["_flashes"] = [("success", "Saved.")]
    response = revalidate(logged_in, url, etag)
    assert response.status_code == 200
    assert "Saved." in response.get_data(as_text=True)
