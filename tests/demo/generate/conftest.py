"""A small generated dataset, made once per module on each backend and wiped afterwards."""

from datetime import date

import pytest

from extensions import db
from tests.conftest import FreshContextClient

TODAY = date(2026, 11, 23)
SMALL = {"years": 3, "scale": 0.03, "seed": 7, "today": TODAY}


def wipe() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


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
