"""Finalised documents (定稿): one immutable row per version of a meeting's document."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import now
from extensions import Model
from meetings.models import Meeting

if TYPE_CHECKING:  # for the type checker only: accounts.models need not load first
    from accounts.models import User


class ReportKind(LabelledEnum):
    MINUTES = "minutes", _l("Meeting minutes")  # 会议纪要
    CONSENSUS = "consensus", _l("Consensus report")  # 协商成果报告


class Report(CommitteeOwned, Model):
    """A finalised version of a meeting's document: the PDF file, its hashes, who and when.

    Rows are never changed or removed (see the listeners below); a changed document is a
    new row with the next version number. The file lives under the instance folder at
    `path` (relative), and its bytes hash to `file_sha256`.
    """

    __committee_parent__ = ("meeting_id", "meeting")

    __table_args__ = (UniqueConstraint("meeting_id", "kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column_type(ReportKind))
    version: Mapped[int]
    # Hash of the finalised HTML without its issue date: unchanged content is not
    # finalised twice, whichever day it is tried again.
    content_sha256: Mapped[str] = mapped_column(String(64))
    # Hash of the stored PDF: every download is checked against it.
    file_sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(300))  # relative to the instance folder
    size: Mapped[int]
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    finalised_at: Mapped[datetime] = mapped_column(default=now)

    meeting: Mapped[Meeting] = relationship()
    finalised_by: Mapped["User | None"] = relationship()

    def __repr__(self) -> str:
        return f"<Report {self.meeting_id} {self.kind} v{self.version}>"


class FinalisedReportIsImmutable(RuntimeError):
    """Raised when code tries to change or remove a finalised version."""


@event.listens_for(Report, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: Report) -> None:
    raise FinalisedReportIsImmutable(f"finalised report {target.id} cannot be changed")


@event.listens_for(Report, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: Report) -> None:
    raise FinalisedReportIsImmutable(f"finalised report {target.id} cannot be deleted")
