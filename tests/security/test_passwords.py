"""Easily guessed passwords are refused, offline, with a message saying why (issue 12)."""

import time

import pytest
from sqlalchemy import select

from accounts import services
from accounts.models import User
from common.errors import RuleViolation
from extensions import db
from tests import factories

GUESSABLE = {
    "aaaaaaaaaa": "重复",
    "password12": "常见密码",
    "qwertyuiop": "常见密码",
    "abcdefghij": "连续的字母或数字",
    "woaini1314": "常见密码",  # a common Chinese one the English lists miss
    "19880101ab": "日期",
    "Password123": "常见密码",
}


@pytest.mark.parametrize("password, why", GUESSABLE.items())
def test_guessable_passwords_are_refused_with_the_reason(app, password, why):
    problems = services.password_problems(password, "zhou-minhua")
    assert len(problems) == 1
    assert "太容易被猜中" in problems[0] and why in problems[0]


@pytest.mark.parametrize(
    "password", ["correct-horse-42", "xst-demo-2026", "brand-new-secret", "黄河远上白云间一片孤城"]
)
def test_good_passwords_pass(app, password):
    assert services.password_problems(password, "zhou-minhua") == []


def test_the_username_and_the_app_make_a_guess_easier(app):
    assert services.password_problems("zhouminhua2026", "zhouminhua")
    assert services.password_problems("xieshang2026", "someone")


def test_a_long_password_is_judged_quickly(app):
    started = time.monotonic()
    assert services.password_problems("a" * 200) != []  # a repeat, however long
    assert services.password_problems("Zq8-" * 50) != []
    assert time.monotonic() - started < 2


def test_creating_an_account_with_a_guessable_password_writes_nothing(client, auth, secretariat):
    auth.login("secretariat")
    response = client.post(
        "/users/new",
        data={
            "username": "newchair",
            "display_name": "新主席",
            "role": "chair",
            "participant_id": "0",
            "department_id": "0",
            "new_password": "password12",
            "confirm_password": "password12",
        },
    )
    assert response.status_code == 422
    assert "太容易被猜中" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "newchair")) is None


def test_changing_to_a_guessable_password_is_refused(client, auth):
    factories.make_user("member", role="member")
    db.session.commit()
    auth.login("member")
    response = client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "aaaaaaaaaa",
            "confirm_password": "aaaaaaaaaa",
        },
    )
    assert response.status_code == 422
    assert "重复" in response.get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert auth.login("member").status_code == 302  # the old password still works


def test_the_cli_and_services_refuse_too(app, runner):
    with pytest.raises(RuleViolation, match="太容易被猜中"):
        services.create_user("someone", "qwertyuiop", "chair")
    result = runner.invoke(
        args=["user", "create", "someone", "--role", "chair", "--password", "password12"]
    )
    assert result.exit_code != 0
    assert "太容易被猜中" in result.output
