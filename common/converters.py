"""The `<id:name>` URL converter: a record id as every route takes it.

Ids are INTEGER columns: a number above 2**31 - 1 would be a database error on PostgreSQL,
not a miss, and 0 or a leading zero names no record. The converter refuses them while the
URL is matched, so the route answers 404 before a view (or its policy check) runs, and no
view repeats the range check.
"""

from werkzeug.routing.converters import NumberConverter

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every backend


class IdConverter(NumberConverter):
    """A positive record id: 1 … MAX_ID, written without leading zeros."""

    regex = r"[1-9]\d{0,9}"
    num_convert = int

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  (werkzeug's name)
        super().__init__(map, fixed_digits=0, min=1, max=MAX_ID)


def is_id(value: object) -> bool:
    """Is `value` an int that could be a record id? (query strings, form values)"""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
