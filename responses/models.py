"""From opinion to done: assignments (交办), replies, commitments, ratings, reminders."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from committees.models import CommitteeOwned
from common.clock import now
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model
from opinions.models import Opinion
from participants.models import Department, Participant


class HandlingMode(LabelledEnum):
    SINGLE = "single", _l("Single department")  # 单办: one department
    SPLIT = (
        "split",
        _l("Split between departments"),
    )  # 分办: several departments, each replies on its own
    JOINT = (
        "joint",
        _l("Joint handling"),
    )  # 会办: a lead (主办) replies once, co-handlers (协办) give it their input


class AssignmentRole(LabelledEnum):
    LEAD = (
        "lead",
        _l("Lead department"),
    )  # replies to the member (单办, each 分办 department, the 会办 lead)
    CO = "co", _l("Co-handling department")  # 协办: sends input to the lead


class AssignmentStatus(LabelledEnum):
    ASSIGNED = "assigned", _l("Assigned")
    REPLIED = "replied", _l("Replied")
    REOPENED = (
        "reopened",
        _l("Reopened for a second reply"),
    )  # an unsatisfied rating asks for a second reply
    RETURNED = "returned", _l("Returned")  # sent back as not theirs; the secretariat reassigns
    WITHDRAWN = "withdrawn", _l("Withdrawn")  # replaced by a reassignment; kept for history
    DONE = "done", _l("Done")


class AssignmentEventKind(LabelledEnum):
    ASSIGNED = "assigned", _l("Assigned")
    REASSIGNED = "reassigned", _l("Reassigned")
    RETURNED = "returned", _l("Returned")
    REPLIED = "replied", _l("Replied")
    REOPENED = "reopened", _l("Reopened for a second reply")
    REMINDED = "reminded", _l("Reminder sent")
    DONE = "done", _l("Done")
    UNDONE = (
        "undone",
        _l("Reopened by the secretariat"),
    )  # the secretariat reopened an assignment closed by mistake


class ReplyPurpose(LabelledEnum):
    REPLY = "reply", _l("Reply")  # to the member
    INPUT = "input", _l("Co-handler input")  # a co-handler's input to the lead department (会办)


class ReplyCategory(LabelledEnum):
    A = "A", _l("A: solved or adopted")  # 已解决或基本解决 / 采纳
    B = "B", _l("B: partly solved or planned")  # 部分解决或已列入计划
    C = "C", _l("C: kept for reference")  # 因条件限制留作参考
    D = (
        "D",
        _l("D: cannot be adopted for now"),
    )  # offices that use four categories configure REPLY_CATEGORIES = "ABCD"


class ReplyChannel(LabelledEnum):
    ORAL = "oral", _l("Oral, at the meeting")  # at the meeting
    WRITTEN = "written", _l("Written")  # in writing afterwards


class ReplyStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")


class CommitmentStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")


class RatingValue(LabelledEnum):
    SATISFIED = "satisfied", _l("Satisfied")
    BASICALLY = "basically", _l("Basically satisfied")
    UNSATISFIED = "unsatisfied", _l("Unsatisfied")


# The statuses that are history, not a live assignment (see Assignment's unique index).
LIVE_ASSIGNMENT_SQL = "status NOT IN ('returned', 'withdrawn')"


class Assignment(CommitteeOwned, TimestampMixin, Model):
    """交办: an opinion handed to a department, with a due date in working days."""

    __committee_parent__ = ("opinion_id", "opinion")

    # A department's inbox lists its items by due date: this index lets the database walk
    # them in that order and stop at the page's end instead of sorting all of them.
    # One live assignment per opinion × department: returned and withdrawn ones are history
    # (a reassignment withdraws the old one), so only they may repeat a pair. A partial
    # unique index, the same on SQLite and PostgreSQL; parallel assigns cannot duplicate.
    __table_args__ = (
        Index("ix_assignment_department_due", "department_id", "due_date", "id"),
        Index(
            "uq_assignment_live_department",
            "opinion_id",
            "department_id",
            unique=True,
            sqlite_where=text(LIVE_ASSIGNMENT_SQL),
            postgresql_where=text(LIVE_ASSIGNMENT_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinion.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    mode: Mapped[HandlingMode] = mapped_column(enum_column_type(HandlingMode))
    role: Mapped[AssignmentRole] = mapped_column(
        enum_column_type(AssignmentRole), default=AssignmentRole.LEAD
    )
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_column_type(AssignmentStatus), default=AssignmentStatus.ASSIGNED, index=True
    )
    due_date: Mapped[date] = mapped_column(index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # A reassignment replaces an assignment; the old one stays, withdrawn, for history.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    return_reason: Mapped[str] = mapped_column(Text, default="")

    # backref gives Opinion.assignments (all of them, withdrawn ones included: filter by status)
    opinion: Mapped[Opinion] = relationship(backref="assignments")
    department: Mapped[Department] = relationship()
    replaces: Mapped["Assignment | None"] = relationship(remote_side="Assignment.id")
    replies: Mapped[list["Reply"]] = relationship(
        back_populates="assignment", order_by="Reply.round"
    )
    events: Mapped[list["AssignmentEvent"]] = relationship(
        back_populates="assignment", order_by="(AssignmentEvent.at, AssignmentEvent.id)"
    )


class AssignmentEvent(CommitteeOwned, Model):
    """One step in an assignment's history, shown to people (the audit trail has the rest)."""

    __committee_parent__ = ("assignment_id", "assignment")

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    kind: Mapped[AssignmentEventKind] = mapped_column(enum_column_type(AssignmentEventKind))
    at: Mapped[datetime] = mapped_column(default=now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[Assignment] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Reply(CommitteeOwned, TimestampMixin, Model):
    """答复: a department's answer to an assignment (round 2 after an unsatisfied rating)."""

    __committee_parent__ = ("assignment_id", "assignment")

    __table_args__ = (UniqueConstraint("assignment_id", "round", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    purpose: Mapped[ReplyPurpose] = mapped_column(
        enum_column_type(ReplyPurpose), default=ReplyPurpose.REPLY
    )
    category: Mapped[ReplyCategory | None] = mapped_column(enum_column_type(ReplyCategory))
    channel: Mapped[ReplyChannel] = mapped_column(
        enum_column_type(ReplyChannel), default=ReplyChannel.WRITTEN
    )
    contact_method: Mapped[str] = mapped_column(String(32), default="")  # 面谈, 座谈, 电话, 书信
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReplyStatus] = mapped_column(
        enum_column_type(ReplyStatus), default=ReplyStatus.DRAFT
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[datetime | None]
    # Optimistic locking: a save based on an old version is refused, not silently lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    assignment: Mapped[Assignment] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="reply", order_by="Commitment.due_date"
    )
    rating: Mapped["Rating | None"] = relationship(back_populates="reply")


class Commitment(CommitteeOwned, TimestampMixin, Model):
    """承诺事项: something a department promised, followed until done.

    Overdue is derived, never stored: responses.lifecycle.commitment_overdue.
    """

    __committee_parent__ = ("reply_id", "reply")

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[CommitmentStatus] = mapped_column(
        enum_column_type(CommitmentStatus), default=CommitmentStatus.OPEN, index=True
    )
    done_at: Mapped[datetime | None]

    reply: Mapped[Reply] = relationship(back_populates="commitments")
    department: Mapped[Department] = relationship()
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="commitment", order_by="ProgressUpdate.on_date"
    )


class ProgressUpdate(CommitteeOwned, Model):
    """进展: a dated note on a commitment, with how far along it is."""

    __committee_parent__ = ("commitment_id", "commitment")

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id"), index=True)
    on_date: Mapped[date]
    note: Mapped[str] = mapped_column(Text)
    percent: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    commitment: Mapped[Commitment] = relationship(back_populates="updates")


class Rating(CommitteeOwned, TimestampMixin, Model):
    """满意度测评: the member's verdict on a submitted written reply."""

    __committee_parent__ = ("reply_id", "reply")

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id"), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    value: Mapped[RatingValue] = mapped_column(enum_column_type(RatingValue))
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    reply: Mapped[Reply] = relationship(back_populates="rating")
    participant: Mapped[Participant] = relationship()


class Notification(CommitteeOwned, Model):
    """In-app message (e.g. a reminder about an overdue assignment)."""

    __committee_parent__ = ("user_id", "app_user")

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    read_at: Mapped[datetime | None]
