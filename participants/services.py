"""Participants and departments: queries and the rules for changing them."""

from sqlalchemy import select

from extensions import db
from participants.models import Participant


def list_sectors() -> list[str]:
    """界别 values in use, for filters and input suggestions."""
    rows = db.session.scalars(
        select(Participant.sector)
        .where(Participant.sector != "")
        .distinct()
        .order_by(Participant.sector)
    )
    return list(rows)


def list_committees() -> list[str]:
    """专委会 values in use, for filters and input suggestions."""
    rows = db.session.scalars(
        select(Participant.committee)
        .where(Participant.committee != "")
        .distinct()
        .order_by(Participant.committee)
    )
    return list(rows)
