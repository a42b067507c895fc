"""The dashboard's speed measures keep its meaning: 304 only while nothing was written and
never across users or before the access checks; the reused page content follows every write."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from dashboard import cache
from extensions import db
from responses.models import Reply
from tests import factories
from tests.factories import make_rating
from tests.querycount import queries_for


@pytest.fixture
def cache_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE", True)
    cache.clear()
    yield
    cache.clear()


def current_etag(client, url: str) -> str:
    client.get(url)  # the first visit after sign-in starts the session's CSRF token
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    return response.headers["ETag"]


def revalidate(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})


def submit_and_rate_the_draft() -> None:
    """D3's draft reply is submitted and rated satisfied: satisfaction 3 of 5 -> 4 of 6."""
    draft = db.session.scalar(select(Reply).where(Reply.submitted_at.is_(None)))
    draft.status, draft.submitted_at = draft.status.__class__("submitted"), datetime(2030, 6, 9)
    make_rating(draft, "satisfied")
    db.session.commit()


@pytest.mark.parametrize("with_cache", [False, True])
def test_unchanged_dashboard_is_304_until_something_is_written(
    logged_in, dataset, clock, app, monkeypatch, with_cache
):
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE", with_cache)
    cache.clear()
    url = "/dashboard/?year=2030"
    etag = current_etag(logged_in, url)
    response = revalidate(logged_in, url, etag)
    assert response.status_code == 304 and response.data == b""

    submit_and_rate_the_draft()
    response = revalidate(logged_in, url, etag)
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert "66.7%" in response.get_data(as_text=True)
    cache.clear()


def test_meeting_dashboard_is_304_until_something_is_written(logged_in, dataset, clock, cache_on):
    url = f"/dashboard/meetings/{dataset.m2}"
    etag = current_etag(logged_in, url)
    assert revalidate(logged_in, url, etag).status_code == 304
    submit_and_rate_the_draft()
    assert revalidate(logged_in, url, etag).status_code == 200


def test_year_and_sort_are_other_pages(logged_in, dataset, clock):
    etag = current_etag(logged_in, "/dashboard/?year=2030")
    assert revalidate(logged_in, "/dashboard/?year=2029", etag).status_code == 200
    assert revalidate(logged_in, "/dashboard/?year=2030&sort=name", etag).status_code == 200


def test_another_user_never_gets_the_copy(client, auth, dataset, clock, cache_on):
    factories.make_user("chair", role="chair")
    factories.make_user("sec2", role="secretariat")
    db.session.commit()
    auth.login("chair")
    etag = current_etag(client, "/dashboard/?year=2030")
    auth.logout()
    auth.login("sec2")
    response = revalidate(client, "/dashboard/?year=2030", etag)
    assert response.status_code == 200 and "83.3%" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "department"])
def test_access_is_checked_before_any_304(client, auth, dataset, clock, role):
    member = factories.make_participant()
    department = factories.make_department("区民政局")
    factories.make_user("sec1", role="secretariat")
    factories.make_user(
        "other",
        role=role,
        **({"participant": member} if role == "member" else {"department": department}),
    )
    db.session.commit()
    urls = ["/dashboard/?year=2030", f"/dashboard/meetings/{dataset.m1}"]
    auth.login("sec1")
    etags = [current_etag(client, url) for url in urls]
    auth.logout()
    auth.login("other")
    for url, etag in zip(urls, etags, strict=True):
        assert revalidate(client, url, etag).status_code in (403, 404)


def test_bad_ids_and_years_are_404_even_when_revalidating(logged_in, dataset, clock):
    etag = current_etag(logged_in, "/dashboard/?year=2030")
    assert revalidate(logged_in, "/dashboard/?year=abc", etag).status_code == 404
    assert revalidate(logged_in, "/dashboard/meetings/999999", etag).status_code == 404


def test_reused_content_is_the_same_page_with_few_queries(logged_in, dataset, clock, cache_on):
    url = "/dashboard/?year=2030"
    first, again = (
        re.sub(
            r'csrf[-_]token" (content|value)="[^"]*"', "", logged_in.get(url).get_data(as_text=True)
        )
        for _ in range(2)
    )
    assert first == again
    # data version, the ETag's write state, user and unread notices: not the figures
    assert queries_for(logged_in, url) <= 6
    meeting = f"/dashboard/meetings/{dataset.m1}"
    logged_in.get(meeting)
    assert queries_for(logged_in, meeting) <= 8


def test_a_renamed_meeting_shows_on_its_reused_page(logged_in, dataset, clock, cache_on):
    from meetings.models import Meeting

    url = f"/dashboard/meetings/{dataset.m1}"
    assert "改名后的协商会" not in logged_in.get(url).get_data(as_text=True)
    db.session.get(Meeting, dataset.m1).title = "改名后的协商会"
    db.session.commit()
    html = logged_in.get(url).get_data(as_text=True)
    assert html.count("改名后的协商会") >= 2  # the title and the content's heading


def test_without_a_write_state_the_tables_make_the_version(app, dataset, monkeypatch):
    from opinions.models import Opinion, Theme

    monkeypatch.setattr("dashboard.cache.conditional.data_version", lambda: None)
    before = cache.data_version()
    assert isinstance(before, tuple)
    opinion = next(o for o in db.session.scalars(select(Opinion)) if not o.themes)
    opinion.themes.append(db.session.scalars(select(Theme)).first())
    db.session.commit()
    assert cache.data_version() != before
