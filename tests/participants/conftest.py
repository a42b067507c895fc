"""Helpers for the participants and departments tests."""

import re

import pytest


def field_errors(response) -> list[str]:
    """The per-field messages a re-shown form carries."""
    return re.findall(r"invalid-feedback[^>]*>([^<]*)<", response.get_data(as_text=True))


def alerts(response) -> list[str]:
    return re.findall(r'class="alert alert-danger"[^>]*>([^<]*)<', response.get_data(as_text=True))


@pytest.fixture
def small_pages(app, monkeypatch):
    """Two rows a page, so that a handful of records spans several pages."""
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    return 2


@pytest.fixture
def request_context(app):
    """Services translate their messages, and the locale is chosen per request (session)."""
    with app.test_request_context():
        yield
