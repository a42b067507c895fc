"""Forms for participants and departments; the rules beyond field format live in services."""

import re
from collections.abc import Sequence

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participants.models import ParticipantKind

# Digits with the usual separators: 13812345678, 010-6512 3456, (0571)88886666, +86 138...,
# and an extension: 0571-88886666转801 / ext. 801.
PHONE_PATTERN = re.compile(r"^\+?[\d\s()\-]+?(\s*(转|分机|ext\.?|x)\s*\d{1,6})?$", re.IGNORECASE)
# Deliberately simple (no extra package): one @, a dotted domain, no spaces.
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
NO_DEPARTMENT = 0
# Ids in URLs: larger numbers are a 404, not a database overflow (a 500).
ID = "<int(max=2147483647):id>"


def strip(value):
    return value.strip() if isinstance(value, str) else value


def valid_phone(text: str) -> bool:
    match = PHONE_PATTERN.match(text)
    if not match:
        return False
    main = text[: match.start(1)] if match.group(1) else text
    digits = sum(ch.isdigit() for ch in main)
    return 5 <= digits <= 20 and main.count("(") == main.count(")")


def valid_email(text: str) -> bool:
    return bool(EMAIL_PATTERN.match(text)) and ".." not in text


def phone_format(form, field) -> None:
    if field.data and not valid_phone(field.data):
        raise ValidationError(
            _l("Enter a phone number such as 13812345678 or 010-65123456 (extension: 转801).")
        )


def email_format(form, field) -> None:
    if field.data and not valid_email(field.data):
        raise ValidationError(_l("Enter an email address such as name@example.gov.cn."))


def show_rule_violation(form: FlaskForm, error) -> None:
    """Put a service's refusal next to the field it is about, or on top of the form."""
    field_name = getattr(error, "field_name", None)
    if field_name and field_name in form:
        form[field_name].errors = [*form[field_name].errors, error.message]
    else:
        flash(error.message, "danger")


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("At most %(max)d characters."))


class ParticipantForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(message=_l("The person's name is required.")), max_length(64)],
        filters=[strip],
    )
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    affiliation = StringField(_l("Affiliation"), validators=[max_length(200)], filters=[strip])
    title = StringField(_l("Position"), validators=[max_length(100)], filters=[strip])
    sector = StringField(
        _l("Sector"),
        validators=[max_length(64)],
        filters=[strip],
        description=_l("CPPCC members only."),
        render_kw={"list": "sector-options"},
    )
    committee = StringField(
        _l("Special committee"),
        validators=[max_length(64)],
        filters=[strip],
        render_kw={"list": "committee-options"},
    )
    phone = StringField(_l("Phone"), validators=[max_length(32), phone_format], filters=[strip])
    email = StringField(_l("Email"), validators=[max_length(120), email_format], filters=[strip])
    department_id = SelectField(
        _l("Department (officials)"),
        description=_l("For government officials: the department they speak for."),
        coerce=int,
        validators=[Optional()],
        validate_choice=False,  # the service refuses an unknown department with a message
    )
    notes = TextAreaField(_l("Notes"), validators=[max_length(2000)], filters=[strip])

    def __init__(self, *args, departments: Sequence[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = ParticipantKind.choices()
        self.department_id.choices = [(NO_DEPARTMENT, _l("— none —")), *departments]


class DepartmentForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("A name is required.")), max_length(100)],
        filters=[strip],
    )
    short_name = StringField(_l("Short name"), validators=[max_length(32)], filters=[strip])
    aliases = TextAreaField(
        _l("Aliases"),
        validators=[max_length(2000)],
        filters=[strip],
        description=_l("Other names the department is known by, separated by commas."),
    )
    contact_person = StringField(_l("Contact person"), validators=[max_length(64)], filters=[strip])
    phone = StringField(_l("Phone"), validators=[max_length(32), phone_format], filters=[strip])
    email = StringField(_l("Email"), validators=[max_length(120), email_format], filters=[strip])
    address = StringField(_l("Office address"), validators=[max_length(200)], filters=[strip])
