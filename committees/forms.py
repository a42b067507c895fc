"""The form a city's secretariat fills in to add a district or county committee."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from committees.models import CommitteeLevel


class NewCommitteeForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter the committee's full name.")), Length(max=100)],
        description=_l("As the documents print it, e.g. 政协XX区委员会."),
    )
    short_name = StringField(
        _l("Short name"),
        validators=[DataRequired(_l("Enter a short name.")), Length(max=32)],
        description=_l("e.g. XX区"),
    )
    level = SelectField(
        _l("Level"),
        choices=[
            (CommitteeLevel.DISTRICT.value, CommitteeLevel.DISTRICT.label),
            (CommitteeLevel.COUNTY.value, CommitteeLevel.COUNTY.label),
        ],
    )
    username = StringField(
        _l("Username of its secretariat"),
        validators=[DataRequired(_l("A username is required.")), Length(max=64)],
    )
    display_name = StringField(_l("Display name"), validators=[Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter a password."))])
