"""Account rules without HTTP: password policy, scope links, sign-in."""

import pytest

from accounts import services
from accounts.models import Role
from common.errors import RuleViolation
from extensions import db
from tests import factories


@pytest.mark.parametrize(
    "password, expected",
    [
        ("long-enough-1", 0),
        ("short", 1),
        ("12345678901", 1),  # digits only
        ("123", 2),  # short and digits only
        ("Zhou-Minhua", 1),  # the username, in another case
    ],
)
def test_password_problems(app, password, expected):
    assert len(services.password_problems(password, "zhou-minhua")) == expected


def test_create_user_accepts_role_names_and_defaults_the_display_name(app):
    user = services.create_user("  liu  ", "long-enough-1", "chair")
    assert (user.username, user.display_name, user.role) == ("liu", "liu", Role.CHAIR)


@pytest.mark.parametrize(
    "role, link",
    [
        ("member", None),
        ("member", "citizen"),
        ("member", "department"),
        ("department", None),
        ("department", "member"),
        ("chair", "member"),
        ("secretariat", "department"),
    ],
)
def test_scope_must_match_the_role(app, role, link):
    participant = department = None
    if link in ("member", "citizen"):
        participant = factories.make_participant(kind=link)
    if link == "department":
        department = factories.make_department()
    with pytest.raises(RuleViolation):
        services.create_user(
            "x1", "long-enough-1", role, participant=participant, department=department
        )


def test_one_account_per_member(app):
    member = factories.make_participant(kind="member")
    services.create_user("first", "long-enough-1", "member", participant=member)
    with pytest.raises(RuleViolation, match="已有账号"):
        services.create_user("second", "long-enough-1", "member", participant=member)
    chair = services.create_user("third", "long-enough-1", "chair")
    with pytest.raises(RuleViolation):
        services.update_user(chair, chair, "x", "member", participant=member)


def test_sign_in_counts_failures_and_clears_them(app, clock):
    factories.make_user("li", role="chair")
    db.session.commit()
    for _ in range(4):
        assert services.sign_in("li", "nope-nope-nope", "10.1.1.1") is None
    assert services.sign_in("li", factories.PASSWORD, "10.1.1.1").username == "li"
    for _ in range(5):
        services.sign_in("li", "nope-nope-nope", "10.1.1.1")
    with pytest.raises(RuleViolation) as refusal:
        services.sign_in("li", factories.PASSWORD, "10.1.1.1")
    assert refusal.value.status == 429


def test_find_participant_by_name_or_id(app):
    person = factories.make_participant("赵珺", kind="member")
    assert services.find_participant("赵珺") is person
    assert services.find_participant(f" {person.id} ") is person
    with pytest.raises(RuleViolation):
        services.find_participant("")
