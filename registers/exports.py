"""The registers as files: CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registers.columns import Column

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
# A cell starting with one of these is a formula to Excel: written as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # XLSX cannot hold C0 controls
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(_safe(value))


def to_csv(columns: list[Column], entries: Iterable[Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for entry in entries:
        writer.writerow([_text(column.value(entry)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(columns: list[Column], entries: Iterable[Any], title: str) -> bytes:
    """One sheet: bold frozen header, filters, real dates; written row by row (large lists)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = 1
    for entry in entries:
        # Plain values: dates get a date format; text never starts like a formula (_safe).
        sheet.append([_safe(column.value(entry)) for column in columns])
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
