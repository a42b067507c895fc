"""The route x role matrix across committees: every route, every role, from the committee
that owns the world (tests/test_route_matrix.py), from a sibling district and from the
parent city.

The world of the route matrix lives in district 本区 under city 测试市; 兄弟区 is a second
district of the same city. The decisions, for a URL that names a record of 本区:
- a sibling district's users, whatever their role, never learn it exists: 404 (403 where
  their role is refused such pages outright, as in their own committee);
- the city's secretariat and chair read it as 本区's own staff do (same answer), but every
  change is refused (403): forms that change something (CITY_REFUSED_FORMS) and every POST;
- the city's member and department users: as a sibling's.
A URL without a record (lists, "new" forms, one's own pages) answers every outsider as it
answers the same role at home: what the list then holds is tests/accounts/
test_scope_agreement.py's business.
"""

import pytest

from committees.current import working_in
from extensions import db
from office.services import get_settings
from tests import factories
from tests.test_route_matrix import ANON, CHAIR, DEPT, MATRIX, MEMBER, SEC, build_world

# GET pages of a 本区 record that change it: the city reads, it does not edit.
CITY_REFUSED_FORMS = {
    "assignments.assign_opinion",
    "assignments.bulk_assign",
    "assignments.reassign",
    "departments.edit_department",
    "meetings.attendance",
    "meetings.edit_agenda_item",
    "meetings.edit_meeting",
    "meetings.invitation_candidates",
    "opinions.edit_consensus_point",
    "opinions.edit_opinion",
    "opinions.new_opinion",
    "participants.edit_participant",
    "speakers.speakers_list",  # the operator's console of the meeting day
    "speech.import_speech",
    "users.edit_user",
}
SUCCESS = {200, 302, 409, 422}
# What only a city may do: add a district (an empty form is shown again).
CITY_ONLY = {("committees.create_committee", "city", SEC): 422}


def build_committees() -> dict[str, int]:
    """The route matrix's world in 本区, then the city above it and a sibling district, each
    with its own users (and a person and department of the same names as 本区's)."""
    ids = build_world()
    home = factories.default_committee()
    city = factories.make_committee("测试市", level="city")
    home.parent = city
    sibling = factories.make_committee("兄弟区", parent=city)
    for prefix, committee in (("sibling", sibling), ("city", city)):
        with working_in(committee.id):
            get_settings(committee.id).issuing_body = committee.name  # documents print
            person = factories.make_participant("本人委员", kind="member")
            department = factories.make_department("本部门")
            meeting = factories.make_meeting("本会", status="held")
            factories.make_invitation(meeting, person, role="speaker")
            factories.make_user(f"{prefix}-{SEC}", role=SEC)
            factories.make_user(f"{prefix}-{CHAIR}", role=CHAIR)
            factories.make_user(f"{prefix}-{MEMBER}", role=MEMBER, participant=person)
            factories.make_user(f"{prefix}-{DEPT}", role=DEPT, department=department)
    db.session.commit()
    return ids


def expected_answer(endpoint: str, outsider: str, role: str) -> set[int]:
    """What a user of `outsider` ("sibling" or "city") with `role` may get."""
    method, url, at_home = MATRIX[endpoint]
    home = at_home[role]
    if (endpoint, outsider, role) in CITY_ONLY:
        return {CITY_ONLY[endpoint, outsider, role]}
    if "{" not in url:
        return {home}
    if outsider == "city" and role in (SEC, CHAIR):
        if home not in SUCCESS:
            return {home}
        if method == "POST" or endpoint in CITY_REFUSED_FORMS:
            return {403}
        return {home}
    return {403, 404} if home == 403 else {404}


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_other_committees_as_decided(client, auth, endpoint):
    method, url_template, _at_home = MATRIX[endpoint]
    url = url_template.format(**build_committees())
    wrong = {}
    for outsider in ("sibling", "city"):
        for role in (SEC, CHAIR, MEMBER, DEPT):
            username = f"{outsider}-{role}"
            assert auth.login(username).status_code == 302, username
            status = client.open(url, method=method, data={}).status_code
            auth.logout()
            if status not in expected_answer(endpoint, outsider, role):
                wrong[username] = status
    assert not wrong, f"{method} {url}: {wrong}"


def test_the_matrix_covers_every_role():
    assert {ANON, SEC, CHAIR, MEMBER, DEPT} == set(next(iter(MATRIX.values()))[2])
