"""The computed dashboard is reused until the data, the day or the language change."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from dashboard import cache
from extensions import db
from responses.models import Reply
from tests.factories import make_rating
from tests.querycount import queries_for


@pytest.fixture
def cache_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE", True)
    cache.clear()
    yield
    cache.clear()


def test_cache_is_off_under_testing_by_default(app):
    assert not cache.enabled()


def test_repeat_views_reuse_the_figures_until_something_is_written(
    logged_in, dataset, clock, cache_on
):
    url = "/dashboard/?year=2030"
    first = queries_for(logged_in, url)
    again = queries_for(logged_in, url)
    assert again < first - 5
    assert "60.0%" in logged_in.get(url).get_data(as_text=True)  # satisfaction 3 of 5

    # D3's draft reply is submitted and rated satisfied: a write, so the figures move.
    draft = db.session.scalar(select(Reply).where(Reply.submitted_at.is_(None)))
    draft.status, draft.submitted_at = draft.status.__class__("submitted"), datetime(2030, 6, 9)
    make_rating(draft, "satisfied")
    db.session.commit()
    html = logged_in.get(url).get_data(as_text=True)
    assert "66.7%" in html  # satisfaction now 4 of 6
    assert queries_for(logged_in, url) == again


def test_the_day_is_part_of_the_key(logged_in, dataset, clock, cache_on):
    clock.set(date(2030, 4, 1))
    early = logged_in.get("/dashboard/charts/departments.csv?year=2030").data
    clock.set(date(2030, 6, 10))
    late = logged_in.get("/dashboard/charts/departments.csv?year=2030").data
    assert early != late


def test_the_language_is_part_of_the_key(logged_in, dataset, clock, cache_on):
    zh = logged_in.get("/dashboard/?year=2030").get_data(as_text=True)
    logged_in.get("/lang/en")
    en = logged_in.get("/dashboard/?year=2030").get_data(as_text=True)
    assert "Reply categories" in en and "Reply categories" not in zh


def test_data_version_changes_with_theme_links(app, dataset):
    from opinions.models import Opinion, Theme

    before = cache.data_version()
    # Tag an untagged opinion with an existing theme: no new row but the link.
    opinion = next(o for o in db.session.scalars(select(Opinion)) if not o.themes)
    opinion.themes.append(db.session.scalars(select(Theme)).first())
    db.session.commit()
    assert cache.data_version() != before
