"""The office's settings and issue numbers: read them, change them, hand out the next number.

Services flush; the views commit (one transaction per request). Changes are audited by the
audit trail's session listener like every other record.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from committees.current import current_committee_id
from extensions import db
from office.models import DocumentSequence, OfficeSettings


class OfficeNotConfigured(Exception):
    """A document needs a setting the secretariat has not filled in yet."""

    message = _l(
        "The office settings have no issuing body yet (e.g. 政协XX区委员会). "
        "The secretariat sets it under Settings before the first document prints."
    )


def get_settings(committee_id: int | None = None) -> OfficeSettings:
    """A committee's settings row (the current committee's unless given; an empty one the
    first time: nothing fictional)."""
    committee_id = committee_id or current_committee_id()
    settings = find_settings(committee_id)
    if settings is None:
        settings = OfficeSettings(committee_id=committee_id)
        db.session.add(settings)
        db.session.flush()
    return settings


def find_settings(committee_id: int | None = None) -> OfficeSettings | None:
    """The settings row if there is one, without creating it (for read-only pages)."""
    committee_id = committee_id or current_committee_id()
    return db.session.scalar(
        select(OfficeSettings).where(OfficeSettings.committee_id == committee_id)
    )


def issuing_body(committee_id: int | None = None) -> str:
    """发文机关 for a document; raises OfficeNotConfigured while it is empty."""
    settings = find_settings(committee_id)
    name = settings.issuing_body.strip() if settings else ""
    if not name:
        raise OfficeNotConfigured()
    return name


def reply_working_days(default: int = 20, committee_id: int | None = None) -> int:
    settings = find_settings(committee_id)
    if settings is None or not settings.reply_working_days:
        return default
    return max(1, settings.reply_working_days)


def _sequence(kind: str, committee_id: int | None) -> DocumentSequence | None:
    return db.session.get(DocumentSequence, (committee_id or current_committee_id(), kind))


def next_number(kind: str, committee_id: int | None = None) -> int:
    """The number the next document of `kind` will get, without taking it."""
    sequence = _sequence(kind, committee_id)
    return sequence.next_number if sequence else 1


def set_next_number(kind: str, number: int, committee_id: int | None = None) -> None:
    committee_id = committee_id or current_committee_id()
    sequence = _sequence(kind, committee_id)
    if sequence is None:
        db.session.add(DocumentSequence(committee_id=committee_id, kind=kind, next_number=number))
    else:
        sequence.next_number = number
    db.session.flush()


def take_number(kind: str, committee_id: int | None = None) -> int:
    """Take the committee's next issue number of `kind`: two documents never get the same one.

    One UPDATE … RETURNING moves the sequence, so concurrent requests each get their own
    number (the row lock on PostgreSQL, the write lock on SQLite).
    """
    committee_id = committee_id or current_committee_id()
    sequence = _sequence(kind, committee_id)
    if sequence is None:
        sequence = DocumentSequence(committee_id=committee_id, kind=kind, next_number=1)
        db.session.add(sequence)
        db.session.flush()
    taken = db.session.execute(
        update(DocumentSequence)
        .where(DocumentSequence.committee_id == committee_id, DocumentSequence.kind == kind)
        .values(next_number=DocumentSequence.next_number + 1)
        .returning(DocumentSequence.next_number)
    ).scalar_one()
    db.session.expire(sequence, ["next_number"])
    return taken - 1


def sequences(committee_id: int | None = None) -> dict[str, int]:
    committee_id = committee_id or current_committee_id()
    rows = db.session.scalars(
        select(DocumentSequence).where(DocumentSequence.committee_id == committee_id)
    )
    return {row.kind: row.next_number for row in rows}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split()) if text is not None else ""


def update_settings(
    settings: OfficeSettings,
    *,
    issuing_body: str,
    report_addressee: str,
    copy_to: str,
    printed_by: str,
    reply_working_days: int,
    next_numbers: dict[str, int | None],
) -> None:
    """Change the settings (the audit trail records what changed, in the same transaction)."""
    settings.issuing_body = _clean(issuing_body)
    settings.report_addressee = _clean(report_addressee)
    settings.copy_to = _clean(copy_to)
    settings.printed_by = _clean(printed_by)
    settings.reply_working_days = reply_working_days
    for kind, number in next_numbers.items():
        if number is not None and number != next_number(kind, settings.committee_id):
            set_next_number(kind, number, settings.committee_id)
    db.session.flush()


# The demo flag is read on every page (the banner). It changes only when the demo is loaded,
# and that happens before a server starts (scripts/run), so each process reads it once.
_demo_flag: bool | None = None


def is_demo_instance() -> bool:
    """Does this instance hold the demo's fictional office? (the banner says so)"""
    global _demo_flag
    if _demo_flag is None:
        # Any committee's: the demo installs the city and its districts together.
        found = db.session.scalar(select(OfficeSettings.id).where(OfficeSettings.is_demo).limit(1))
        _demo_flag = found is not None
    return _demo_flag


def forget_demo_flag() -> None:
    global _demo_flag
    _demo_flag = None


def remember_demo_flag(value: bool) -> None:
    """Set the flag without a query (the demo loader; tests that empty the tables)."""
    global _demo_flag
    _demo_flag = value


def mark_demo(**values: str | int) -> OfficeSettings:
    """The demo loader's settings: its fictional office, flagged as a demo (idempotent)."""
    settings = get_settings()
    settings.is_demo = True
    for name, value in values.items():
        if not getattr(settings, name):
            setattr(settings, name, value)
    db.session.flush()
    remember_demo_flag(True)
    return settings
