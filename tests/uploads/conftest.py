"""Fixtures for the hostile-file tests."""

import pytest


@pytest.fixture
def request_ctx(app):
    """Messages are translated (zh_CN by default): Babel needs a request to pick it."""
    with app.test_request_context():
        yield


@pytest.fixture
def patient(app):
    """No clock limit: a test of one size or count limit must not end on the time limit
    of a machine that other work keeps busy (the clock has its own tests)."""
    app.config["UPLOAD_MAX_SECONDS"] = 60
    yield
    app.config.pop("UPLOAD_MAX_SECONDS")
