"""Which departments a speech mentions, through their names, short names and aliases.

    match_departments("(省财政厅、省卫生健康委按职责分工负责)", departments) -> [财政厅, 卫健委]

Pure: it takes the departments (anything with .name, .short_name and .aliases_text, as
participants.models.Department has) and never queries. The longest name wins where names
overlap (区卫生健康局 is not also 卫生健康局), each department comes once, in the order of
its first mention.
"""

from collections.abc import Iterable
from typing import Protocol, TypeVar

from participants.models import split_aliases

MIN_NAME = 2  # a one-character alias would match everywhere


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


def find_mentions(text: str, departments: Iterable[D]) -> list[tuple[int, int, D]]:
    """(start, end, department) of each mention kept, in text order; longest names first."""
    haystack = fold(text or "")
    candidates: list[tuple[int, int, D]] = []
    for department in departments:
        for name in names_of(department):
            needle = fold(name)
            at = haystack.find(needle)
            while at != -1:
                candidates.append((at, at + len(needle), department))
                at = haystack.find(needle, at + 1)
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
