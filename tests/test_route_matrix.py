"""Every route x every role (and anonymous) -> the expected answer, from ONE table.

A route that is not in the table fails `test_every_route_has_a_row`: adding a page means
deciding who may use it. The world each check runs in:
  - users of each role; the member user is `me` (a participant), the department user
    belongs to `my_dept`;
  - meeting `mine` (scheduled): `me` and an official of `my_dept` are invited;
  - meeting `other` (scheduled): none of them is involved;
  - `other_person` and `other_dept` belong to nobody's scope.
POSTs go out with an empty form: an allowed user gets a redirect or the re-shown form
(302/409/422), a refused one 403, or 404 where even the record's existence is private.
"""

import pytest

from extensions import db
from tests import factories

ANON, SEC, CHAIR, MEMBER, DEPT = "anonymous", "secretariat", "chair", "member", "department"
ROLES = [ANON, SEC, CHAIR, MEMBER, DEPT]


def row(anon=302, sec=200, chair=200, member=200, dept=200) -> dict[str, int]:
    return {ANON: anon, SEC: sec, CHAIR: chair, MEMBER: member, DEPT: dept}


EVERYONE = row()
STAFF_ONLY = row(member=403, dept=403)
SEC_ONLY = row(chair=403, member=403, dept=403)
# A secretariat-only POST on meeting `mine`, which every role may view (so 403, not 404).
MANAGE_MINE = row(sec=302, chair=403, member=403, dept=403)
MANAGE_MINE_FORM = row(sec=422, chair=403, member=403, dept=403)
# Records outside a member's / department's scope: existence is private.
OTHER_MEETING = row(member=404, dept=404)

MATRIX: dict[str, tuple[str, str, dict[str, int]]] = {
    # accounts, users, audit
    "index": ("GET", "/", row(sec=302, chair=302, member=302, dept=302)),
    "accounts.login": ("GET", "/login", row(anon=200, sec=302, chair=302, member=302, dept=302)),
    "accounts.logout": ("POST", "/logout", row(sec=302, chair=302, member=302, dept=302)),
    "accounts.set_language": (
        "GET",
        "/lang/en",
        row(sec=302, chair=302, member=302, dept=302),
    ),
    "accounts.password": ("GET", "/account/password", EVERYONE),
    "users.list_users": ("GET", "/users/", SEC_ONLY),
    "users.create_user": ("GET", "/users/new", SEC_ONLY),
    "users.edit_user": ("GET", "/users/{target_user}/edit", SEC_ONLY),
    "users.reset_password": ("POST", "/users/{target_user}/password", {**SEC_ONLY, SEC: 422}),
    "users.set_active": ("POST", "/users/{target_user}/active", {**SEC_ONLY, SEC: 302}),
    "audit.list_events": ("GET", "/audit/", STAFF_ONLY),
    # participants: staff only, plus a member's own record
    "participants.list_participants": ("GET", "/participants/", STAFF_ONLY),
    "participants.create_participant": ("GET", "/participants/new", SEC_ONLY),
    "participants.participant_detail": ("GET", "/participants/{me}", row(dept=403)),
    "participants.edit_participant": (
        "GET",
        "/participants/{other_person}/edit",
        row(chair=403, member=404, dept=403),
    ),
    "participants.deactivate_participant": (
        "POST",
        "/participants/{other_person}/deactivate",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    "participants.reactivate_participant": (
        "POST",
        "/participants/{other_person}/reactivate",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    "participants.delete_participant": (
        "POST",
        "/participants/{other_person}/delete",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    # departments: staff only, plus a department user's own department
    "departments.list_departments": ("GET", "/departments/", STAFF_ONLY),
    "departments.create_department": ("GET", "/departments/new", SEC_ONLY),
    "departments.department_detail": ("GET", "/departments/{my_dept}", row(member=403)),
    "departments.edit_department": (
        "GET",
        "/departments/{other_dept}/edit",
        row(chair=403, member=403, dept=404),
    ),
    "departments.deactivate_department": (
        "POST",
        "/departments/{other_dept}/deactivate",
        row(sec=302, chair=403, member=403, dept=404),
    ),
    "departments.reactivate_department": (
        "POST",
        "/departments/{other_dept}/reactivate",
        row(sec=302, chair=403, member=403, dept=404),
    ),
    # meetings
    "meetings.list_meetings": ("GET", "/meetings/", EVERYONE),
    "meetings.new_meeting": ("GET", "/meetings/new", SEC_ONLY),
    "meetings.meeting_detail": ("GET", "/meetings/{other}", OTHER_MEETING),
    "meetings.meeting_calendar": ("GET", "/meetings/{mine}/calendar.ics", EVERYONE),
    "meetings.edit_meeting": ("GET", "/meetings/{mine}/edit", row(chair=403, member=403, dept=403)),
    "meetings.change_meeting_status": ("POST", "/meetings/{mine}/status", MANAGE_MINE_FORM),
    "meetings.bulk_invite": ("POST", "/meetings/{mine}/invitations/bulk", MANAGE_MINE_FORM),
    "meetings.add_invitation": ("POST", "/meetings/{mine}/invitations", MANAGE_MINE_FORM),
    "meetings.update_invitation": (
        "POST",
        "/meetings/{mine}/invitations/{invitation}",
        MANAGE_MINE_FORM,
    ),
    "meetings.delete_invitation": (
        "POST",
        "/meetings/{mine}/invitations/{invitation}/delete",
        MANAGE_MINE,
    ),
    "meetings.add_agenda_item": ("POST", "/meetings/{mine}/agenda", MANAGE_MINE_FORM),
    "meetings.edit_agenda_item": (
        "GET",
        "/meetings/{mine}/agenda/{agenda_item}/edit",
        row(chair=403, member=403, dept=403),
    ),
    "meetings.delete_agenda_item": (
        "POST",
        "/meetings/{mine}/agenda/{agenda_item}/delete",
        MANAGE_MINE,
    ),
    "meetings.move_agenda_item": (
        "POST",
        "/meetings/{mine}/agenda/{agenda_item}/move",
        MANAGE_MINE_FORM,
    ),
}


def build_world() -> dict[str, int]:
    """The records the table's URLs point at; returns the ids by placeholder name."""
    me = factories.make_participant("本人委员", kind="member")
    other_person = factories.make_participant("他人委员", kind="member")
    my_dept = factories.make_department("本部门")
    other_dept = factories.make_department("他部门")
    official = factories.make_participant("本部门局长", kind="official", department=my_dept)
    chair = factories.make_participant("主持人", kind="member")
    mine = factories.make_meeting("本人参加的会", status="scheduled", chair=chair)
    other = factories.make_meeting("无关的会", status="scheduled", chair=chair)
    invitation = factories.make_invitation(mine, me, role="speaker")
    factories.make_invitation(mine, official, role="responder")
    agenda_item = factories.make_agenda_item(mine, kind="briefing")
    factories.make_user(SEC, role=SEC)
    factories.make_user(CHAIR, role=CHAIR)
    factories.make_user(MEMBER, role=MEMBER, participant=me)
    # User admin routes act on an account nobody signs in with during the check.
    target_user = factories.make_user("target", role=CHAIR)
    factories.make_user(DEPT, role=DEPT, department=my_dept)
    db.session.commit()
    return {
        "me": me.id,
        "other_person": other_person.id,
        "my_dept": my_dept.id,
        "other_dept": other_dept.id,
        "mine": mine.id,
        "other": other.id,
        "invitation": invitation.id,
        "agenda_item": agenda_item.id,
        "target_user": target_user.id,
    }


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = endpoints - set(MATRIX)
    assert not missing, f"decide who may use these routes (add rows): {sorted(missing)}"
    assert not set(MATRIX) - endpoints, "rows for routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_role_as_decided(client, auth, endpoint):
    ids = build_world()
    method, url_template, expected = MATRIX[endpoint]
    url = url_template.format(**ids)
    answers = {}
    # The secretariat goes last: its allowed POSTs (delete, deactivate) change the world.
    for role in [ANON, CHAIR, MEMBER, DEPT, SEC]:
        if role != ANON:
            assert auth.login(role).status_code == 302
        answers[role] = client.open(url, method=method, data={}).status_code
        if role != ANON:
            auth.logout()
    assert answers == expected, f"{method} {url}"


ROUTES_WITH_IDS = sorted(endpoint for endpoint, (_m, url, _e) in MATRIX.items() if "{" in url)


@pytest.mark.parametrize("endpoint", ROUTES_WITH_IDS)
def test_ids_beyond_the_integer_range_are_404_not_500(client, auth, endpoint):
    """Ids in URLs reach INTEGER columns; PostgreSQL errors on larger numbers."""
    method, url_template, _expected = MATRIX[endpoint]
    build_world()
    auth.login(SEC)
    huge = 99_999_999_999
    url = url_template.format_map(_AllIds(huge))
    assert client.open(url, method=method, data={}).status_code == 404, url


class _AllIds(dict):
    def __init__(self, value: int):
        super().__init__()
        self.value = value

    def __missing__(self, key: str) -> int:
        return self.value
