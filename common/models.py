"""Column helpers shared by every feature's models."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from common.clock import now

__all__ = ["TimestampMixin", "now"]  # `now` stays importable from here for older callers


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=now, onupdate=now)
