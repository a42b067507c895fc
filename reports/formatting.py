"""How official documents write numbers, dates, names and titles (no database, no app)."""

import re
from datetime import date, datetime
from typing import Any

from participants.models import Participant

CN_DIGITS = "零一二三四五六七八九"
TITLE_LINE_CHARS = 20  # 22 pt characters in the 156 mm line


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1..99; larger as digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def cn_date(value: date | datetime | None) -> str:
    """2026-11-12 -> 2026年11月12日 (the way a 公文 writes dates)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_time(value: datetime) -> str:
    return f"{value.hour}:{value.minute:02d}"


def paragraphs(text: str | None) -> list[str]:
    """A text area's content as paragraphs (blank lines and line breaks both separate)."""
    return [line.strip() for line in re.split(r"\r?\n", text or "") if line.strip()]


def inner_quotes(text: str) -> str:
    """Double quotes inside a quotation become single ones: 围绕“让‘幼有所育’更可及”."""
    return text.replace("“", "‘").replace("”", "’")


def title_lines(title: str) -> list[str]:
    """A long title breaks after the comma nearest its middle (公文 titles are set as a
    trapezoid, never with one character left over on the last line)."""
    if len(title) <= TITLE_LINE_CHARS:
        return [title]
    commas = [i for i, ch in enumerate(title) if ch in "，、；：" and 0 < i < len(title) - 1]
    if not commas:
        return [title]
    cut = min(commas, key=lambda i: abs(i + 1 - len(title) / 2)) + 1
    if max(cut, len(title) - cut) > TITLE_LINE_CHARS * 2:
        return [title]
    return [title[:cut], title[cut:]]


def person_line(person: Participant) -> str:
    """Name with unit and post: 王喆（云溪区妇幼保健院副院长）."""
    unit = f"{person.affiliation}{person.title}"
    return f"{person.name}（{unit}）" if unit else person.name


def unit_and_name(person: Participant) -> str:
    """Unit, post, then name, as a 纪要's attendee list writes them: 云溪区妇幼保健院副院长王喆."""
    return f"{person.affiliation}{person.title}{person.name}"


def department_name(department: Any) -> str:
    return (department.short_name or department.name) if department is not None else ""
