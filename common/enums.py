"""Enums whose members carry a translated label (the Chinese comes from the Babel catalogue)."""

from enum import StrEnum

import sqlalchemy as sa

_LABELS: dict[type, dict] = {}


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        return str(_LABELS[type(self)][self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def set_labels(enum_cls: type[LabelledEnum], labels: dict) -> None:
    missing = set(enum_cls) - set(labels)
    if missing:
        raise ValueError(f"{enum_cls.__name__} lacks labels for {sorted(missing)}")
    _LABELS[enum_cls] = labels


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
