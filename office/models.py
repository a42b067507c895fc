"""机关设置: one row of the office's own settings, and the issue-number sequences.

Nothing here has a production default that names a real or fictional office: an instance
without the demo has an empty issuing body until the secretariat fills it in, and documents
refuse to print until then (office.services.require_issuing_body).
"""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from committees.models import CommitteeOwned
from common.models import TimestampMixin
from extensions import Model


class OfficeSettings(CommitteeOwned, TimestampMixin, Model):
    """What a committee's office prints on its documents and the rules it applies by default
    (one row per committee)."""

    __table_args__ = (UniqueConstraint("committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # 发文机关: e.g. 政协XX区委员会, on the header of every minutes and consensus report.
    issuing_body: Mapped[str] = mapped_column(String(100), default="")
    # 报送: the consensus report's addressee, e.g. 中共XX区委、XX区人民政府.
    report_addressee: Mapped[str] = mapped_column(String(200), default="")
    # 版记: 抄送 (copied to) and 印发机关 (the office that prints and issues).
    copy_to: Mapped[str] = mapped_column(Text, default="")
    printed_by: Mapped[str] = mapped_column(String(100), default="")
    # Working days a department has for its reply unless the assignment says otherwise.
    reply_working_days: Mapped[int] = mapped_column(default=20)
    # Marks a demo instance: the banner says so.
    is_demo: Mapped[bool] = mapped_column(default=False)


class DocumentSequence(Model):
    """第N期: a committee's next issue number of one kind of document (minutes, consensus
    report); each committee numbers its own documents."""

    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)
