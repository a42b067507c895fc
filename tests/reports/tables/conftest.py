"""Fixtures for the tables and exports: the demo story loaded ONCE per test module.

The shared `app` fixture empties every table after each test, so these tests do not use it:
`demo` loads the demo into the session app for the module and empties the tables when the
module is done; `as_user(username)` gives a test client signed in as a demo account.
"""

import shutil
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from audit.services import acting_as
from demo import data as demo_data
from demo.loader import load_demo
from extensions import db
from participants.models import Department, Participant
from tests import factories
from tests.conftest import FreshContextClient

TODAY = date(2026, 11, 23)  # the demo story's "today": 杨晓雯's assignment is overdue


@pytest.fixture(scope="module")
def demo(session_app):
    with session_app.app_context():
        with acting_as("demo"):
            meeting = load_demo(TODAY)
            db.session.commit()
        people = {p.name: p.id for p in db.session.scalars(select(Participant))}
        departments = {d.short_name: d.id for d in db.session.scalars(select(Department))}
        yield SimpleNamespace(meeting_id=meeting.id, people=people, departments=departments)
        factories.empty_tables()


@pytest.fixture
def ctx(session_app, demo):
    """An app context for service calls (nothing written is committed)."""
    with session_app.app_context():
        yield session_app
        db.session.rollback()
        db.session.remove()


@pytest.fixture(scope="module")
def as_user(session_app, demo):
    """as_user("mishu") -> a client signed in as that demo account (one login per module)."""
    clients: dict[str, FreshContextClient] = {}

    def client_for(username: str) -> FreshContextClient:
        if username not in clients:
            session_app.test_client_class = FreshContextClient
            client = session_app.test_client()
            response = client.post(
                "/login", data={"username": username, "password": demo_data.DEMO_PASSWORD}
            )
            assert response.status_code == 302, username
            clients[username] = client
        return clients[username]

    return client_for


def needs(*programs: str) -> pytest.MarkDecorator:
    missing = [p for p in programs if shutil.which(p) is None]
    return pytest.mark.skipif(bool(missing), reason=f"not installed: {', '.join(missing)}")
