"""Enums whose members carry a translated label (the Chinese comes from the Babel catalogue).

Each member is written with its label: `SECRETARIAT = "secretariat", _l("Secretariat")`.
The value is what the database stores; the label (a lazy string) is translated when shown.
"""

from enum import StrEnum
from typing import Any

import sqlalchemy as sa


class LabelledEnum(StrEnum):
    _value_: str
    _label: Any

    def __new__(cls, value: str, label: Any = None) -> "LabelledEnum":
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        if self._label is None:
            raise ValueError(f"{type(self).__name__}.{self.name} has no label")
        return str(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def enum_column_type(enum_cls: type[StrEnum]) -> sa.Enum:
    """Store the enum's value as a plain VARCHAR: portable and easy to migrate."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
