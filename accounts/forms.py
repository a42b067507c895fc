"""Sign-in, password and user-administration forms."""

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from accounts.models import Role
from accounts.passwords import password_problems


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    # A remember-me cookie names the same server-side session: logout ends both.
    remember = BooleanField(_l("Keep me signed in on this browser"))


class PolicyPassword:
    """The password policy as a field validator; `username_field` names the form's username."""

    def __init__(self, username_field: str | None = None):
        self.username_field = username_field

    def __call__(self, form: Any, field: Any) -> None:
        username = getattr(form, "username_for_policy", "")
        if self.username_field:
            username = form[self.username_field].data or ""
        problems = password_problems(field.data or "", username)
        if problems:
            raise ValidationError(" ".join(problems))


def _new_password_fields(username_field: str | None = None) -> tuple[Any, Any]:
    new = PasswordField(
        _l("New password"), validators=[DataRequired(), PolicyPassword(username_field)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", _l("The two passwords differ."))],
    )
    return new, confirm


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password, confirm_password = _new_password_fields()


class PasswordResetForm(FlaskForm):
    new_password, confirm_password = _new_password_fields()


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Role"), choices=[], validators=[DataRequired()])
    participant_id = SelectField(
        _l("Linked CPPCC member"), choices=[], coerce=int, validators=[Optional()]
    )
    department_id = SelectField(_l("Linked department"), choices=[], coerce=int)

    def set_choices(self, participants: Iterable[Any], departments: Iterable[Any]) -> None:
        self.role.choices = Role.choices()
        none = (0, _l("(none)"))
        self.participant_id.choices = [none, *((p.id, p.name) for p in participants)]
        self.department_id.choices = [none, *((d.id, d.name) for d in departments)]


class UserCreateForm(UserEditForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    new_password, confirm_password = _new_password_fields("username")
