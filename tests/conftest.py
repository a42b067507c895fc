"""Test fixtures: one app per database backend, clean tables for every test.

The suite runs on SQLite always and on PostgreSQL too when TEST_POSTGRES_URL is set
(scripts/test starts a throwaway server and sets it).
"""

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app
from extensions import db
from office.services import remember_demo_flag
from tests import factories

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


def postgres_url() -> str:
    url = os.environ["TEST_POSTGRES_URL"]
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    return postgres_url()


def make_test_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def session_app(database_url, tmp_path_factory):
    app = make_test_app(database_url)
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        db.drop_all()
        db.create_all()
    remember_demo_flag(False)  # empty tables: no demo, and no banner query to count
    return app


@pytest.fixture
def app(session_app):
    with session_app.app_context():
        # Every test's world is one committee (tests of several make the others).
        factories.default_committee()
        db.session.commit()
        yield session_app
        factories.empty_tables()
        remember_demo_flag(False)
    # The stored report files go with their rows (the PDF cache may stay: it is keyed by content).
    shutil.rmtree(Path(session_app.instance_path) / "reports", ignore_errors=True)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Tests hold an app context open for factories; without this, requests would reuse it
    and share `g` (cached locale, cached user) and the test's database session.
    Objects a test makes must be committed before a request can see them.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def clock():
    """The app's one clock (common.clock): `clock.set(date(...))`, `clock.advance(days=1)`;
    real time again after the test. A folder's own `clock` fixture may build on this one."""
    from common import clock as app_clock

    yield app_clock
    app_clock.set(None)


class AuthActions:
    """Signs in through the real login form, like a person would."""

    def __init__(self, client):
        self.client = client

    def login(self, username: str = "secretariat", password: str = factories.PASSWORD):
        return self.client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def secretariat(app):
    user = factories.make_user("secretariat", role="secretariat")
    db.session.commit()
    return user


@pytest.fixture
def logged_in(client, auth, secretariat):
    """A client signed in as the secretariat (who may do everything in this issue)."""
    response = auth.login("secretariat")
    assert response.status_code == 302
    return client
