"""Which departments a speech mentions, through their names, short names and aliases.

    match_departments("(省财政厅、省卫生健康委按职责分工负责)", departments) -> [财政厅, 卫健委]

Pure: it takes the departments (anything with .name, .short_name and .aliases_text, as
participants.models.Department has) and never queries. The longest name wins where names
overlap (区卫生健康局 is not also 卫生健康局), each department comes once, in the order of
its first mention.

Government levels: a generic alias (妇联, 卫生健康部门) names the district's own department
only when the text does not put another level in front of it: 省妇联 and 市卫生健康部门 are
bodies of the province and the city, not of the district. Such mentions, and the names in a
responsibility note ("（省发展改革委、区财政局按职责分工负责）") that no department matches, are
returned by `unmatched_names` so the review can show them as not in the directory.
"""

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

from participants.models import split_aliases

MIN_NAME = 2  # a one-character alias would match everywhere
# A government level written before a body's name: 省, 自治区, 市 (not 市场/市政/市民), 州, 县,
# 区 (not 区域), 国家, 中央. Group "level" is the level's own word.
LEVEL = "(?P<level>国家|中央|自治区|省|市(?![场政民容])|州|县|区(?!域))"
LEVEL_BEFORE = re.compile(LEVEL + "$")
LEVEL_OF_NAME = re.compile("^[\u4e00-\u9fff]{0,6}?" + LEVEL)
# A responsibility note: "（区住建局、区教育局按职责分工负责）", "（省财政厅牵头，区财政局配合）".
NOTE = re.compile(r"[（(]([^（）()\n]{2,120}?)(?:按职责分工)?(?:负责|落实|配合)[）)]")
NOTE_SEPARATORS = re.compile(r"[、，,；;]|牵头|配合|会同|按职责分工|分别|以及|等")


class Named(Protocol):
    name: str
    short_name: str
    aliases_text: str


D = TypeVar("D", bound=Named)

# Full-width Latin letters and digits fold to half-width; letters compare without case.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Length-preserving comparison form: ＡＢＣ -> abc (positions in the text stay valid)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))


def names_of(department: Named) -> list[str]:
    """Every name the department is known by: name, short name, then its aliases."""
    names = [department.name, department.short_name, *split_aliases(department.aliases_text)]
    return list(dict.fromkeys(n.strip() for n in names if n and len(n.strip()) >= MIN_NAME))


def level_of(name: str) -> str | None:
    """The government level a name carries at its start (区卫生健康局, 云溪区妇联 -> 区)."""
    found = LEVEL_OF_NAME.match(name or "")
    return found.group("level") if found else None


def other_level(haystack: str, at: int, name: str, department: Named) -> bool:
    """A generic name preceded by another level than the department's own: 省 + 妇联."""
    if level_of(name) is not None:
        return False  # the name says its level itself
    before = LEVEL_BEFORE.search(haystack[max(0, at - 3) : at])
    if before is None:
        return False
    own = level_of(department.name) or level_of(department.short_name)
    return own is not None and own != before.group("level")


def _candidates(haystack: str, departments: Iterable[D]) -> list[tuple[int, int, D, bool]]:
    """Every occurrence of every name: (start, end, department, at another level)."""
    found: list[tuple[int, int, D, bool]] = []
    for department in departments:
        for name in names_of(department):
            needle = fold(name)
            at = haystack.find(needle)
            while at != -1:
                wrong = other_level(haystack, at, name, department)
                found.append((at, at + len(needle), department, wrong))
                at = haystack.find(needle, at + 1)
    return found


def find_mentions(text: str, departments: Iterable[D]) -> list[tuple[int, int, D]]:
    """(start, end, department) of each mention kept, in text order; longest names first.

    A mention at another government level is not kept (see the module docstring)."""
    haystack = fold(text or "")
    candidates = [(s, e, d) for s, e, d, wrong in _candidates(haystack, departments) if not wrong]
    # The longest match wins; among equals, the earlier one.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, D]] = []
    for start, end, department in candidates:
        if all(end <= s or start >= e for s, e, _d in taken):
            taken.append((start, end, department))
    taken.sort(key=lambda c: c[0])
    return taken


def match_departments(text: str, departments: Iterable[D]) -> list[D]:
    """The departments mentioned in `text`, each once, in the order of first mention."""
    found: dict[int, D] = {}
    for _start, _end, department in find_mentions(text, departments):
        found.setdefault(id(department), department)
    return list(found.values())


def _note_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each name listed in the text's responsibility notes."""
    spans: list[tuple[int, int]] = []
    for note in NOTE.finditer(text):
        position = note.start(1)
        for separator in [*NOTE_SEPARATORS.finditer(text, note.start(1), note.end(1)), None]:
            end = separator.start() if separator else note.end(1)
            if end - position >= MIN_NAME and text[position:end].strip():
                spans.append((position, end))
            position = separator.end() if separator else end
    return spans


def unmatched_names(text: str, departments: Iterable[D]) -> list[str]:
    """Bodies the text names that no department of the directory is: another level's
    (省妇联, 市卫生健康部门) and the unknown names of responsibility notes. In text order."""
    text = text or ""
    departments = list(departments)
    haystack = fold(text)
    kept = find_mentions(text, departments)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _d in kept)

    spans = [span for span in _note_names(text) if free(*span)]
    for start, end, _department, wrong in _candidates(haystack, departments):
        level = LEVEL_BEFORE.search(haystack, max(0, start - 3), start)
        if wrong and level is not None and free(start, end):
            spans.append((level.start(), end))
    # Overlapping spans (省妇联 found twice, once inside a note) give the longest once.
    spans.sort(key=lambda span: (span[0], -span[1]))
    names: dict[str, None] = {}
    reached = -1
    for start, end in spans:
        if start >= reached:
            names.setdefault(text[start:end].strip(), None)
            reached = end
    return [name for name in names if name]
