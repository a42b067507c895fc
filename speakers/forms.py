"""Forms for the speakers list (choices of people are filled in by the views)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from common.forms import optional_int
from speakers.services import MAX_MINUTES

MINUTES_MESSAGE = _l("The speaking time must be between 1 and %(max)s minutes.", max=MAX_MINUTES)


class AddSpeakerForm(FlaskForm):
    """Put someone on the list on the spot (anyone invited, or any active person)."""

    participant_id = SelectField(
        _l("Person to speak"),
        coerce=optional_int,
        choices=[],
        validators=[InputRequired(_l("Choose who will speak."))],
    )
    topic = StringField(_l("Speech topic"), validators=[Length(max=200)])
    minutes = IntegerField(
        _l("Speaking time (minutes)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_MINUTES, message=MINUTES_MESSAGE)],
    )
    speak_next = BooleanField(_l("Speaks next"))


class SpeakerSlotForm(FlaskForm):
    """One row of the list: topic and speaking time."""

    topic = StringField(_l("Speech topic"), validators=[Length(max=200)])
    minutes = IntegerField(
        _l("Speaking time (minutes)"),
        validators=[
            InputRequired(_l("Enter the speaking time in minutes.")),
            NumberRange(min=1, max=MAX_MINUTES, message=MINUTES_MESSAGE),
        ],
    )
