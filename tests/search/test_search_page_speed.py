"""The search page's speed measures keep its meaning: conditional GET (304 only while nothing
was written, never across users) and a meeting filter that lists recent years only."""

from datetime import datetime

import pytest

from extensions import db
from tests import factories
from tests.factories import make_opinion

URL = "/search/?q=托育"


@pytest.fixture
def as_user(client, auth):
    def sign_in(username):
        auth.logout()
        assert auth.login(username).status_code == 302
        return client

    return sign_in


def current_etag(client, url: str = URL) -> str:
    client.get(url)  # the first visit after sign-in starts the session's CSRF token
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    return response.headers["ETag"]


def revalidate(client, etag: str, url: str = URL):
    return client.get(url, headers={"If-None-Match": etag})


def test_unchanged_results_are_304_until_something_is_written(world, as_user):
    client = as_user("s-sec")
    etag = current_etag(client)
    response = revalidate(client, etag)
    assert response.status_code == 304 and response.data == b""

    make_opinion(world.meetings.new, world.opinions.li.speaker, "新写的托育意见", body="托育新问题")
    db.session.commit()
    response = revalidate(client, etag)
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert "新写的<mark>托育</mark>意见" in response.text or "新写的托育意见" in response.text


def test_other_words_or_filters_are_another_page(world, as_user):
    client = as_user("s-sec")
    etag = current_etag(client)
    assert revalidate(client, etag, "/search/?q=补贴").status_code == 200
    assert revalidate(client, etag, URL + "&year=2030").status_code == 200


def test_another_user_never_gets_the_copy(world, as_user):
    etag = current_etag(as_user("s-dept-a"))
    response = revalidate(as_user("s-dept-b"), etag)
    assert response.status_code == 200
    assert f"/replies/{world.replies.b.id}" in response.text
    assert f'/replies/{world.replies.a.id}"' not in response.text


def test_bad_filters_carry_no_etag(world, as_user):
    response = as_user("s-sec").get(URL + "&meeting=abc")
    assert response.status_code == 422 and "ETag" not in response.headers


def test_anonymous_revalidation_is_sent_to_sign_in(world, as_user, client, auth):
    etag = current_etag(as_user("s-sec"))
    auth.logout()
    response = revalidate(client, etag)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def long_ago(world, monkeypatch):
    """A meeting years before the others; the office's clock in 2030."""
    monkeypatch.setattr("search.views.now", lambda: datetime(2030, 6, 1, 9))
    meeting = factories.make_meeting(
        "2021年托育旧会", status="held", starts_at=datetime(2021, 3, 1, 9)
    )
    make_opinion(meeting, world.opinions.wang.speaker, "旧年的托育意见", body="托育旧问题")
    db.session.commit()
    return meeting


def test_meeting_filter_lists_recent_years_grouped(long_ago, world, as_user):
    html = as_user("s-sec").get(URL).text
    meetings = html.split('id="meeting"')[1].split("</select>")[0]
    assert long_ago.title not in meetings  # in the year filter's 2021 instead
    assert '<optgroup label="2030">' in html and '<optgroup label="2029">' in html
    assert world.meetings.new.title in html and world.meetings.old.title in html
    assert '<option value="2021">2021</option>' in html
    assert "请先选择年度" in html  # the hint for earlier meetings


def test_a_chosen_year_lists_its_meetings(long_ago, world, as_user):
    html = as_user("s-sec").get(URL + "&year=2021").text
    assert f'<option value="{long_ago.id}">{long_ago.title}</option>' in html
    assert world.meetings.new.title not in html.split('id="year"')[0].split('id="meeting"')[1]
    assert '<option value="2021" selected>' in html


def test_an_older_meeting_is_still_accepted_and_shown_selected(long_ago, as_user):
    response = as_user("s-sec").get(f"{URL}&meeting={long_ago.id}")
    assert response.status_code == 200
    assert f'<option value="{long_ago.id}" selected>{long_ago.title}</option>' in response.text
    assert "旧年的<mark>托育</mark>意见" in response.text


def test_a_foreign_older_meeting_is_refused(long_ago, as_user):
    response = as_user("s-li").get(f"{URL}&meeting={long_ago.id}")
    assert response.status_code == 422
    assert long_ago.title not in response.text


def test_options_are_escaped(world, as_user):
    world.dept_a.name = '<b>"甲"</b>'
    db.session.commit()
    html = as_user("s-sec").get(URL).text
    assert "<b>" not in html.split('id="department"')[1].split("</select>")[0]
    assert "&lt;b&gt;&#34;甲&#34;&lt;/b&gt;" in html


@pytest.fixture
def cache_on(app, monkeypatch):
    from search.views import _pages

    monkeypatch.setitem(app.config, "SEARCH_CACHE", True)
    _pages.clear()
    yield
    _pages.clear()


def test_cache_is_off_under_testing_by_default(app):
    from search.views import _pages

    assert not _pages.enabled()


def test_a_repeated_search_is_reused_until_something_is_written(world, as_user, cache_on):
    from tests.querycount import queries_for

    client = as_user("s-sec")
    first = queries_for(client, URL)
    again = queries_for(client, URL)
    assert again < first - 3
    make_opinion(world.meetings.new, world.opinions.li.speaker, "缓存之后的托育意见", body="新")
    db.session.commit()
    assert "缓存之后的<mark>托育</mark>意见" in client.get(URL).text


def test_users_never_share_a_kept_page(world, as_user, cache_on):
    assert f"/replies/{world.replies.a.id}" in as_user("s-dept-a").get(URL).text
    html = as_user("s-dept-b").get(URL).text
    assert f"/replies/{world.replies.b.id}" in html
    assert f'/replies/{world.replies.a.id}"' not in html


def test_the_language_is_part_of_the_key(world, as_user, cache_on):
    client = as_user("s-sec")
    assert "所属会议" in client.get(URL).text
    client.get("/lang/en")
    assert "Search in meeting" in client.get(URL).text


def test_bad_filters_are_422_again_when_kept(world, as_user, cache_on):
    client = as_user("s-sec")
    for _ in range(2):
        response = client.get(URL + "&category=Z")
        assert response.status_code == 422 and "invalid-feedback" in response.text
