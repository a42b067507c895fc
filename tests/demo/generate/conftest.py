"""A small generated dataset, made once per module on each backend and wiped afterwards."""

from datetime import date

import pytest

from tests import factories
from tests.conftest import FreshContextClient

TODAY = date(2026, 11, 23)
SMALL = {"years": 3, "scale": 0.03, "seed": 7, "today": TODAY}


def wipe() -> None:
    factories.empty_tables()


@pytest.fixture(scope="module")
def generated(session_app):
    """(app, counts) with the small dataset in the database for the whole module."""
    from demo.generate import generate

    with session_app.app_context():
        wipe()
        counts = generate(**SMALL)
        yield session_app, counts
        wipe()


@pytest.fixture
def gen_client(generated):
    app, _counts = generated
    app.test_client_class = FreshContextClient
    return app.test_client()
