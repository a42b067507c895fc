"""Suggestions (建议条目) of an opinion: add, edit, remove, reorder; their 一是/二是 markers.

Like opinions.services, every function only flushes and checks `by_user` against the policy.
"""

from flask_babel import gettext as _

from accounts.models import User
from common.errors import RuleViolation
from common.ordering import DIRECTIONS, neighbour, swap_positions
from extensions import db
from opinions.models import Opinion, Suggestion
from opinions.services import MAX_SUGGESTIONS, clean_suggestions, ensure_may_edit


def _renumber(opinion: Opinion) -> None:
    items = sorted(opinion.suggestions, key=lambda s: (s.position, s.id or 0))
    for position, item in enumerate(items, start=1):
        item.position = position
    opinion.suggestions[:] = items


def set_suggestions(
    opinion: Opinion, texts: list[str] | str, by_user: User | None = None
) -> list[Suggestion]:
    """Replace all suggestions with `texts` (a list, or one per line), numbered 1..n."""
    ensure_may_edit(opinion, by_user)
    cleaned = clean_suggestions(texts)
    opinion.suggestions[:] = [Suggestion(position=n, text=t) for n, t in enumerate(cleaned, 1)]
    db.session.flush()
    return opinion.suggestions


def add_suggestions(
    opinion: Opinion, texts: list[str] | str, by_user: User | None = None
) -> list[Suggestion]:
    """Append suggestions (a list, or one per line) after the existing ones."""
    ensure_may_edit(opinion, by_user)
    cleaned = clean_suggestions(texts)
    if not cleaned:
        raise RuleViolation(_("Enter the text of the suggestion."))
    if len(opinion.suggestions) + len(cleaned) > MAX_SUGGESTIONS:
        raise RuleViolation(_("An opinion may have at most %(n)s suggestions.", n=MAX_SUGGESTIONS))
    _renumber(opinion)
    start = len(opinion.suggestions) + 1
    added = [Suggestion(position=start + i, text=t) for i, t in enumerate(cleaned)]
    opinion.suggestions.extend(added)
    db.session.flush()
    return added


def update_suggestion(suggestion: Suggestion, text: str, by_user: User | None = None) -> Suggestion:
    ensure_may_edit(suggestion.opinion, by_user)
    text = (text or "").strip()
    if not text:
        raise RuleViolation(_("Enter the text of the suggestion."))
    suggestion.text = text
    db.session.flush()
    return suggestion


def delete_suggestion(suggestion: Suggestion, by_user: User | None = None) -> None:
    opinion = suggestion.opinion
    ensure_may_edit(opinion, by_user)
    opinion.suggestions.remove(suggestion)  # delete-orphan removes the row
    _renumber(opinion)
    db.session.flush()


def move_suggestion(suggestion: Suggestion, direction: str, by_user: User | None = None) -> bool:
    """Swap with the neighbouring suggestion. False when already at that end."""
    if direction not in DIRECTIONS:
        raise RuleViolation(_("Choose whether to move the suggestion up or down."))
    opinion = suggestion.opinion
    ensure_may_edit(opinion, by_user)
    _renumber(opinion)
    other = neighbour(opinion.suggestions, suggestion, direction)
    if other is None:
        return False
    swap_positions(suggestion, other)
    _renumber(opinion)
    db.session.flush()
    return True


# ---------------------------------------------------------------- display

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (enough for numbered suggestions)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (
            (CHINESE_DIGITS[tens] if tens > 1 else "")
            + "十"
            + (CHINESE_DIGITS[ones] if ones else "")
        )
    return str(n)


def suggestion_marker(n: int, chinese: bool) -> str:
    """一是 / 二是 … in Chinese, 1. / 2. … otherwise."""
    return f"{chinese_number(n)}是" if chinese else f"{n}."
