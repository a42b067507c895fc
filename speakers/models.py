"""发言顺序: the meeting day's speakers list, one slot per person, with its timing."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model
from meetings.models import Meeting
from participants.models import Participant


class SpeakerStatus(LabelledEnum):
    WAITING = "waiting", _l("Waiting")
    SPEAKING = "speaking", _l("Speaking")
    SPOKEN = "spoken", _l("Spoken")
    SKIPPED = "skipped", _l("Skipped")


class SpeakerSlot(CommitteeOwned, TimestampMixin, Model):
    """发言顺序: one turn on the meeting day's speakers list, with its timing."""

    __committee_parent__ = ("meeting_id", "meeting")

    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    position: Mapped[int] = mapped_column(default=1)
    topic: Mapped[str] = mapped_column(String(200), default="")
    time_limit_seconds: Mapped[int] = mapped_column(default=300)
    status: Mapped[SpeakerStatus] = mapped_column(
        enum_column_type(SpeakerStatus), default=SpeakerStatus.WAITING
    )
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    duration_seconds: Mapped[int | None]  # actual length, recorded when the speech stops

    meeting: Mapped[Meeting] = relationship()
    participant: Mapped[Participant] = relationship()
