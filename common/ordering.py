"""Moving one row of an ordered list ("up" or "down") by swapping it with its neighbour."""

from collections.abc import Sequence
from typing import Any

DIRECTIONS = ("up", "down")


def neighbour(items: Sequence[Any], item: Any, direction: str) -> Any | None:
    """The item above or below `item` in `items`; None when it is already at that end."""
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    return items[other] if 0 <= other < len(items) else None


def swap_positions(a: Any, b: Any) -> None:
    a.position, b.position = b.position, a.position
