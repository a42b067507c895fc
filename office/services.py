"""The office's settings and issue numbers: read them, change them, hand out the next number.

Services flush; the views commit (one transaction per request). Changes are audited by the
audit trail's session listener like every other record.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from extensions import db
from office.models import SETTINGS_ROW_ID, DocumentSequence, OfficeSettings


class OfficeNotConfigured(Exception):
    """A document needs a setting the secretariat has not filled in yet."""

    message = _l(
        "The office settings have no issuing body yet (e.g. 政协XX区委员会). "
        "The secretariat sets it under Settings before the first document prints."
    )


def get_settings() -> OfficeSettings:
    """The office's settings row (an empty one the first time: nothing fictional)."""
    settings = db.session.get(OfficeSettings, SETTINGS_ROW_ID)
    if settings is None:
        settings = OfficeSettings(id=SETTINGS_ROW_ID)
        db.session.add(settings)
        db.session.flush()
    return settings


def find_settings() -> OfficeSettings | None:
    """The settings row if there is one, without creating it (for read-only pages)."""
    return db.session.get(OfficeSettings, SETTINGS_ROW_ID)


def issuing_body() -> str:
    """发文机关 for a document; raises OfficeNotConfigured while it is empty."""
    settings = find_settings()
    name = settings.issuing_body.strip() if settings else ""
    if not name:
        raise OfficeNotConfigured()
    return name


def reply_working_days(default: int = 20) -> int:
    settings = find_settings()
    if settings is None or not settings.reply_working_days:
        return default
    return max(1, settings.reply_working_days)


def next_number(kind: str) -> int:
    """The number the next document of `kind` will get, without taking it."""
    sequence = db.session.get(DocumentSequence, kind)
    return sequence.next_number if sequence else 1


def set_next_number(kind: str, number: int) -> None:
    sequence = db.session.get(DocumentSequence, kind)
    if sequence is None:
        db.session.add(DocumentSequence(kind=kind, next_number=number))
    else:
        sequence.next_number = number
    db.session.flush()


def take_number(kind: str) -> int:
    """Take the next issue number of `kind`: two documents never get the same one.

    One UPDATE … RETURNING moves the sequence, so concurrent requests each get their own
    number (the row lock on PostgreSQL, the write lock on SQLite).
    """
    sequence = db.session.get(DocumentSequence, kind)
    if sequence is None:
        sequence = DocumentSequence(kind=kind, next_number=1)
        db.session.add(sequence)
        db.session.flush()
    taken = db.session.execute(
        update(DocumentSequence)
        .where(DocumentSequence.kind == kind)
        .values(next_number=DocumentSequence.next_number + 1)
        .returning(DocumentSequence.next_number)
    ).scalar_one()
    db.session.expire(sequence, ["next_number"])
    return taken - 1


def sequences() -> dict[str, int]:
    rows = db.session.scalars(select(DocumentSequence))
    return {row.kind: row.next_number for row in rows}
