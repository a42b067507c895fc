"""The registers as files: CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX.

Both are written by common.spreadsheets, which keeps text that looks like a formula text."""

from collections.abc import Iterable
from typing import Any

from common.spreadsheets import CSV_MIMETYPE, XLSX_MIMETYPE, Sheet, csv_bytes, xlsx_bytes
from registers.columns import Column

__all__ = ["CSV_MIMETYPE", "XLSX_MIMETYPE", "to_csv", "to_xlsx"]


def _rows(columns: list[Column], entries: Iterable[Any]) -> Iterable[list[Any]]:
    for entry in entries:
        yield [column.value(entry) for column in columns]


def to_csv(columns: list[Column], entries: Iterable[Any]) -> bytes:
    return csv_bytes([str(column.header) for column in columns], _rows(columns, entries))


def to_xlsx(columns: list[Column], entries: Iterable[Any], title: str) -> bytes:
    """One sheet: bold frozen header, filters, real dates; written row by row (large lists)."""
    return xlsx_bytes(
        Sheet(
            title=title,
            headers=[str(column.header) for column in columns],
            rows=_rows(columns, entries),
            widths=[column.width for column in columns],
        )
    )
