"""Every route of accounts/, users/ and audit/ x every role (and anonymous) -> expected status.

One table decides it; a new route in these blueprints without a row fails the suite.
(The lead extends the same pattern to participants/ and meetings/.)
"""

import pytest

from extensions import db
from tests import factories

ANON, SEC, CHAIR, MEMBER, DEPT = "anonymous", "secretariat", "chair", "member", "department"
ROLES = [ANON, SEC, CHAIR, MEMBER, DEPT]
ADMIN_ONLY = {ANON: 302, SEC: 200, CHAIR: 403, MEMBER: 403, DEPT: 403}

# endpoint -> (method, url template, {role: status}); {target} is the member user's id.
MATRIX = {
    "accounts.login": ("GET", "/login", {ANON: 200, SEC: 302, CHAIR: 302, MEMBER: 302, DEPT: 302}),
    "accounts.logout": ("POST", "/logout", dict.fromkeys(ROLES, 302)),
    "accounts.set_language": ("GET", "/lang/en", dict.fromkeys(ROLES, 302)),
    "accounts.password": (
        "GET",
        "/account/password",
        {ANON: 302, SEC: 200, CHAIR: 200, MEMBER: 200, DEPT: 200},
    ),
    "users.list_users": ("GET", "/users/", ADMIN_ONLY),
    "users.create_user": ("GET", "/users/new", ADMIN_ONLY),
    "users.edit_user": ("GET", "/users/{target}/edit", ADMIN_ONLY),
    # POSTs with an empty form: the secretariat gets the re-shown form (422) or a redirect.
    "users.reset_password": ("POST", "/users/{target}/password", {**ADMIN_ONLY, SEC: 422}),
    "users.set_active": ("POST", "/users/{target}/active", {**ADMIN_ONLY, SEC: 302}),
    "audit.list_events": (
        "GET",
        "/audit/",
        {ANON: 302, SEC: 200, CHAIR: 200, MEMBER: 403, DEPT: 403},
    ),
}
BLUEPRINTS = ("accounts.", "users.", "audit.")


def test_every_route_has_a_row(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith(BLUEPRINTS)}
    assert endpoints == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_route_answers_as_decided(client, auth, endpoint, role):
    member_participant = factories.make_participant(kind="member")
    department = factories.make_department()
    users = {
        SEC: factories.make_user(SEC, role=SEC),
        CHAIR: factories.make_user(CHAIR, role=CHAIR),
        MEMBER: factories.make_user(MEMBER, role=MEMBER, participant=member_participant),
        DEPT: factories.make_user(DEPT, role=DEPT, department=department),
    }
    db.session.commit()
    if role != ANON:
        assert auth.login(role).status_code == 302
    method, url, expected = MATRIX[endpoint]
    url = url.format(target=users[MEMBER].id)
    response = client.open(url, method=method, data={"active": "1"} if "active" in url else {})
    assert response.status_code == expected[role], (endpoint, role)
