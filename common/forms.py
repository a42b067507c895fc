"""Form pieces every feature shares: coercions for optional choices, the move button."""

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired

E = TypeVar("E", bound=Enum)


def optional_int(value: Any) -> int | None:
    """'' and None mean "none chosen"; anything else must be a whole number."""
    if value in (None, "", "None"):
        return None
    return int(value)


def optional_enum(enum_cls: type[E]) -> Callable[[Any], E | None]:
    """A SelectField coercion: '' and None mean "none chosen", anything else a member."""

    def coerce(value: Any) -> E | None:
        if value in (None, ""):
            return None
        return enum_cls(value)

    return coerce


class DirectionForm(FlaskForm):
    """The hidden "up" / "down" of a move button."""

    direction = HiddenField(validators=[DataRequired()])
