"""People who can be invited to meetings, and the departments that answer opinions."""

import re
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import CommitteeOwned
from common.enums import LabelledEnum, enum_column_type
from common.models import TimestampMixin
from extensions import Model, db

if TYPE_CHECKING:  # for the type checker only: meetings.models imports this module
    from meetings.models import Invitation


class ParticipantKind(LabelledEnum):
    MEMBER = "member", _l("CPPCC member")
    CITIZEN = "citizen", _l("Citizen representative")
    AGENCY = "agency", _l("Agency representative")
    OFFICIAL = "official", _l("Government official")
    EXPERT = "expert", _l("Expert")


class Participant(CommitteeOwned, TimestampMixin, Model):
    """参会人员: a person who can be invited (member, citizen, agency, official, expert)."""

    __tablename__ = "participant"  # spelled out: the directory's services read the schema by it

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[ParticipantKind] = mapped_column(enum_column_type(ParticipantKind), index=True)
    affiliation: Mapped[str] = mapped_column(String(200), default="")  # 单位
    title: Mapped[str] = mapped_column(String(100), default="")  # 职务
    sector: Mapped[str] = mapped_column(String(64), default="", index=True)  # 界别, members only
    committee: Mapped[str] = mapped_column(String(64), default="", index=True)  # 专委会
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # An official usually speaks for a department (情况通报, 部门回应).
    department_id: Mapped[int | None] = mapped_column(db.ForeignKey("department.id"))

    department: Mapped["Department | None"] = relationship(back_populates="officials")
    invitations: Mapped[list["Invitation"]] = relationship(back_populates="participant")

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.name}>"


ALIAS_SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_aliases(text: str) -> list[str]:
    """'卫健局，区卫健委、 卫生局' -> ['卫健局', '区卫健委', '卫生局'], order kept, no repeats."""
    seen: dict[str, None] = {}
    for alias in ALIAS_SEPARATORS.split(text or ""):
        alias = alias.strip()
        if alias:
            seen.setdefault(alias, None)
    return list(seen)


class Department(CommitteeOwned, TimestampMixin, Model):
    """承办单位: a government department or body that answers opinions."""

    # A name is unique within its committee: each district has its own 区财政局.
    __table_args__ = (
        UniqueConstraint("committee_id", "name", name="uq_department_committee_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(32), default="")
    aliases_text: Mapped[str] = mapped_column(Text, default="")  # comma-separated, normalised
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)

    officials: Mapped[list[Participant]] = relationship(back_populates="department")

    @property
    def aliases(self) -> list[str]:
        return split_aliases(self.aliases_text)

    @aliases.setter
    def aliases(self, values: list[str]) -> None:
        self.aliases_text = ",".join(split_aliases(",".join(values)))

    @property
    def all_names(self) -> list[str]:
        """Every name the department is known by, official name first."""
        names = [self.name, self.short_name, *self.aliases]
        return list(dict.fromkeys(n for n in names if n))

    def __repr__(self) -> str:
        return f"<Department {self.id} {self.name}>"
