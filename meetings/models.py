"""Meetings, who is invited to them, and their agenda."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model
from participants.models import Department, Participant


class MeetingKind(LabelledEnum):
    INVITE_TO_CONSULT = "invite_to_consult", _l("Invite-to-consult meeting")  # 请你来协商
    TOPICAL = "topical", _l("Topical consultation")  # 专题协商
    COUNTERPART = "counterpart", _l("Counterpart consultation")  # 对口协商
    SECTOR = "sector", _l("Sector consultation")  # 界别协商
    PROPOSAL = "proposal", _l("Proposal handling consultation")  # 提案办理协商


class MeetingStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SCHEDULED = "scheduled", _l("Scheduled")
    HELD = "held", _l("Held")
    CLOSED = "closed", _l("Closed")
    ARCHIVED = "archived", _l("Archived")
    CANCELLED = "cancelled", _l("Cancelled")


# The meeting's life cycle as data: a status may move only along these edges.
ALLOWED_TRANSITIONS: dict[MeetingStatus, tuple[MeetingStatus, ...]] = {
    MeetingStatus.DRAFT: (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED),
    MeetingStatus.SCHEDULED: (MeetingStatus.HELD, MeetingStatus.DRAFT, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.CLOSED,),
    MeetingStatus.CLOSED: (MeetingStatus.ARCHIVED,),
    MeetingStatus.ARCHIVED: (),
    MeetingStatus.CANCELLED: (),
}


class InvitationRole(LabelledEnum):
    CHAIR = "chair", _l("Chair")
    LEADER = "leader", _l("Attending leader")
    SPEAKER = "speaker", _l("Speaker")
    RESPONDER = "responder", _l("Department responder")
    ATTENDEE = "attendee", _l("Non-voting attendee")


class Attendance(LabelledEnum):
    INVITED = "invited", _l("Invited")
    CONFIRMED = "confirmed", _l("Confirmed")
    DECLINED = "declined", _l("Declined")
    PRESENT = "present", _l("Present")
    ABSENT = "absent", _l("Excused absence")  # 请假: excused


class AgendaKind(LabelledEnum):
    BRIEFING = "briefing", _l("Situation briefing")  # 情况通报
    REPORT = "report", _l("Research report")  # 调研报告
    SPEECHES = "speeches", _l("Consultation speeches")  # 协商发言
    RESPONSES = "responses", _l("Department responses")  # 部门回应
    STATEMENT = "statement", _l("Leader's statement")  # 领导表态
    SUMMARY = "summary", _l("Chair's summary")  # 主席总结
    OTHER = "other", _l("Other")


class Meeting(CommitteeOwned, TimestampMixin, Model):
    """协商会: one consultation meeting, from scheduling to archive."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(
        enum_column_type(MeetingKind), default=MeetingKind.INVITE_TO_CONSULT
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(String(200), default="")
    organiser_committee: Mapped[str] = mapped_column(String(64), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column_type(MeetingStatus), default=MeetingStatus.DRAFT, index=True
    )
    # Members may submit or edit written opinions only while the window is open.
    opinions_open: Mapped[bool] = mapped_column(default=False)
    issue_number: Mapped[int | None] = mapped_column(Integer)  # 第N期 on the minutes
    # 第N期 on the consensus report (its own sequence, office.models.DocumentSequence).
    consensus_issue_number: Mapped[int | None] = mapped_column(Integer)

    chair: Mapped[Participant | None] = relationship()
    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="AgendaItem.position",
    )

    @property
    def allowed_next_statuses(self) -> tuple[MeetingStatus, ...]:
        return ALLOWED_TRANSITIONS[self.status]

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title}>"


class Invitation(CommitteeOwned, TimestampMixin, Model):
    """邀请: a participant invited to a meeting in a role, with their attendance."""

    __committee_parent__ = ("meeting_id", "meeting")

    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    role: Mapped[InvitationRole] = mapped_column(
        enum_column_type(InvitationRole), default=InvitationRole.ATTENDEE
    )
    attendance: Mapped[Attendance] = mapped_column(
        enum_column_type(Attendance), default=Attendance.INVITED
    )
    note: Mapped[str] = mapped_column(String(200), default="")  # e.g. reason for 请假

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    participant: Mapped[Participant] = relationship(back_populates="invitations")


class AgendaItem(CommitteeOwned, TimestampMixin, Model):
    """议程: one ordered step of the meeting (briefing, report, speeches, ...)."""

    __committee_parent__ = ("meeting_id", "meeting")

    # One item per position (meetings/agenda.py renumbers without ever sharing one).
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[AgendaKind] = mapped_column(enum_column_type(AgendaKind))
    title: Mapped[str] = mapped_column(String(200))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    planned_minutes: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    # What was said in this step (the briefing, the report, the leader's statement, the
    # chair's summary), recorded by the secretariat and printed under its heading.
    text: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    presenter: Mapped[Participant | None] = relationship()
    department: Mapped[Department | None] = relationship()
