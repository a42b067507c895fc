"""The office's own name and numbers on its documents, from the office settings.

Nothing here has a fallback name: without an issuing body every document refuses with
office.services.OfficeNotConfigured (the views turn it into a message and a link to the
settings page). Issue numbers (第N期) come from the office's sequence per document kind:
a finalised document keeps the number it was given; a draft shows the number it has or,
marked provisional, the one it would get.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from extensions import db
from meetings.models import Meeting
from office import services as office
from office.services import OfficeNotConfigured
from reports.formatting import cn_date

# The meeting column that stores each kind's issue number once it is finalised.
ISSUE_COLUMNS = {"minutes": "issue_number", "consensus": "consensus_issue_number"}
_LIST_SEPARATORS = re.compile(r"[\s,，、;；。]+")

__all__ = ["Letterhead", "OfficeNotConfigured", "letterhead", "issue", "assign_issue_number"]


@dataclass(frozen=True)
class Letterhead:
    issuing_body: str  # 发文机关, the masthead and signature
    addressee: str  # 主送 of the consensus report ("" when the office has none)
    copy_to: list[str]  # 抄送 in the 版记
    printed_by: str  # 印发机关 in the 版记

    def imprint(self, issued_on: date | None) -> dict[str, Any]:
        """版记 (GB/T 9704 7.4): 抄送 line, 印发机关 and 印发日期."""
        return {
            "copy_to": "，".join(self.copy_to) + "。" if self.copy_to else "",
            "printed_by": self.printed_by,
            "issued_on": f"{cn_date(issued_on)}印发" if issued_on else "",
        }


def letterhead(committee_id: int | None = None) -> Letterhead:
    """The settings a committee's document prints (the current committee's unless given);
    raises OfficeNotConfigured without an issuing body."""
    body = office.issuing_body(committee_id)
    settings = office.find_settings(committee_id)
    assert settings is not None  # issuing_body() raised OfficeNotConfigured otherwise
    copy_to = [name for name in _LIST_SEPARATORS.split(settings.copy_to or "") if name]
    return Letterhead(
        issuing_body=body,
        addressee=(settings.report_addressee or "").strip(),
        copy_to=copy_to,
        printed_by=(settings.printed_by or "").strip() or body,
    )


def issue(meeting: Meeting, kind: str) -> dict[str, Any]:
    """第N期 of the meeting's `kind` document: its own number, else the next one, provisional."""
    number = getattr(meeting, ISSUE_COLUMNS[kind])
    if number:
        return {"number": number, "provisional": False}
    return {"number": office.next_number(kind, meeting.committee_id), "provisional": True}


def assign_issue_number(meeting: Meeting, kind: str) -> int:
    """Give the meeting's `kind` document its number if it has none (flushes)."""
    column = ISSUE_COLUMNS[kind]
    number = getattr(meeting, column)
    if not number:
        number = office.take_number(kind, meeting.committee_id)  # the meeting's own 第N期
        setattr(meeting, column, number)
        db.session.flush()
    return int(number)
