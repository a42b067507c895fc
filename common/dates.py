"""Date fields that refuse implausible dates (before 2000, after 2100) with a message.

A mistyped year (0202, 20266) parses as a valid date, and then schedules a meeting in the
year 202 or gives a reply a deadline nobody will see. Forms import DateField and
DateTimeLocalField from here instead of from wtforms; everything else is the same.
"""

from datetime import date, datetime

import wtforms
from flask_babel import gettext as _
from wtforms import ValidationError

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def is_plausible(value: date | datetime | None) -> bool:
    return value is None or EARLIEST_YEAR <= value.year <= LATEST_YEAR


class PlausibleDate:
    """A field validator: the date (or date and time), if given, lies in 2000–2100."""

    def __call__(self, form, field) -> None:
        if not is_plausible(field.data):
            raise ValidationError(
                _(
                    "Enter a date between %(first)d and %(last)d.",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                )
            )


class _Plausible(wtforms.Field):
    """Mixin: every date field checks the range after its own validators."""

    def post_validate(self, form: wtforms.Form, validation_stopped: bool) -> None:
        super().post_validate(form, validation_stopped)
        if not validation_stopped and not self.errors:  # WTForms adds what this raises
            PlausibleDate()(form, self)


class DateField(_Plausible, wtforms.DateField):
    pass


class DateTimeLocalField(_Plausible, wtforms.DateTimeLocalField):
    pass
