"""Column helpers shared by every feature's models."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column


def now() -> datetime:
    """The wall clock in the meeting's time zone, naive (what the office reads)."""
    from zoneinfo import ZoneInfo

    from flask import current_app

    tz = ZoneInfo(current_app.config.get("MEETING_TIMEZONE", "Asia/Shanghai"))
    return datetime.now(tz).replace(tzinfo=None, microsecond=0)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=now, onupdate=now)
