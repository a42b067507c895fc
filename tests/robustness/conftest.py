"""Fixtures for the bad-input tests: the route matrix's world and one signed-in client per role."""

import pytest

from tests.conftest import FreshContextClient
from tests.factories import PASSWORD
from tests.robustness.inputs import ANON, ROLES, form_fields
from tests.test_route_matrix import build_world


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
