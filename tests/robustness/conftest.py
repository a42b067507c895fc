"""Fixtures for the bad-input tests: the route matrix's world and one signed-in client per role."""

import pytest

from common.errors import register_error_guards
from extensions import db
from tests.conftest import FreshContextClient, make_test_app
from tests.factories import PASSWORD
from tests.robustness.inputs import ANON, ROLES, form_fields
from tests.test_route_matrix import build_world


@pytest.fixture(scope="session")
def session_app(database_url, tmp_path_factory):
    """The suite's app, with the error guards even before app.py registers them.

    test_error_guards_are_wired (test_guards.py) fails until create_app() does it itself.
    """
    app = make_test_app(database_url)
    if "error_guards" not in app.extensions:
        register_error_guards(app)
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


@pytest.fixture
def world(app) -> dict[str, int]:
    """Records at every role's boundary (see tests/test_route_matrix.py), by name."""
    return build_world()


@pytest.fixture
def clients(app, world) -> dict[str, FreshContextClient]:
    """One client per role, each signed in once through the login form; plus an anonymous one."""
    app.test_client_class = FreshContextClient
    signed_in = {ANON: app.test_client()}
    for role in ROLES:
        client = app.test_client()
        response = client.post("/login", data={"username": role, "password": PASSWORD})
        assert response.status_code == 302, role
        signed_in[role] = client
    return signed_in


@pytest.fixture(scope="session")
def fields(session_app) -> dict[str, list]:
    return form_fields(session_app)
