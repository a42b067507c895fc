"""What is said at and around a meeting: opinions, their suggestions, consensus.

The speakers list's SpeakerSlot lives in speakers/models.py."""

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model, db
from meetings.models import AgendaItem, Meeting
from participants.models import Participant

if TYPE_CHECKING:  # for the type checker only: these modules import this one
    from accounts.models import User
    from responses.models import Assignment


class OpinionChannel(LabelledEnum):
    ORAL = "oral", _l("Spoken at the meeting")  # 会上发言
    WRITTEN = "written", _l("Written")  # 书面


opinion_theme = Table(
    "opinion_theme",
    db.metadata,
    Column("opinion_id", ForeignKey("opinion.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)

consensus_opinion = Table(
    "consensus_opinion",
    db.metadata,
    Column(
        "consensus_point_id", ForeignKey("consensus_point.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("opinion_id", ForeignKey("opinion.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(CommitteeOwned, Model):
    """主题: a tag that groups opinions (e.g. 普惠托育, 人才队伍); unique per committee."""

    __table_args__ = (UniqueConstraint("committee_id", "name", name="uq_theme_committee_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32))


class Opinion(CommitteeOwned, TimestampMixin, Model):
    """意见建议: a speaker's problem statement with ordered suggestions."""

    __committee_parent__ = ("meeting_id", "meeting")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # the problem statement
    channel: Mapped[OpinionChannel] = mapped_column(enum_column_type(OpinionChannel))
    # Order on the meeting page and in the minutes (speaking order for oral opinions).
    position: Mapped[int] = mapped_column(default=0)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # The agenda step the speech was made in (minutes print it there); written opinions
    # and opinions not yet placed have none.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )

    meeting: Mapped[Meeting] = relationship()
    speaker: Mapped[Participant] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    submitted_by: Mapped["User | None"] = relationship()
    suggestions: Mapped[list["Suggestion"]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="Suggestion.position"
    )
    themes: Mapped[list[Theme]] = relationship(secondary=opinion_theme, order_by=Theme.name)
    if TYPE_CHECKING:  # the backref responses.models.Assignment.opinion declares
        assignments: Mapped[list[Assignment]]

    def __repr__(self) -> str:
        return f"<Opinion {self.id} {self.title}>"


class Suggestion(CommitteeOwned, Model):
    """建议条目: one numbered suggestion of an opinion (一是…二是…)."""

    __committee_parent__ = ("opinion_id", "opinion")

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinion.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)

    opinion: Mapped[Opinion] = relationship(back_populates="suggestions")


class ConsensusPoint(CommitteeOwned, TimestampMixin, Model):
    """共识: a point the chair states in the summary, linked to the opinions behind it."""

    __committee_parent__ = ("meeting_id", "meeting")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship()
    opinions: Mapped[list[Opinion]] = relationship(
        secondary=consensus_opinion, order_by=Opinion.position
    )
