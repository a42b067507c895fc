"""The one writer of spreadsheet files: every CSV and XLSX the app hands out goes through it.

    csv_bytes(headers, rows) -> bytes      UTF-8 with BOM (Excel reads the Chinese), CRLF
    xlsx_bytes(Sheet(...), ...) -> bytes   write-only workbook, row by row (large lists)

Text typed by people (an opinion title, a department's name) must never run as a formula
when the file is opened: a cell that starts like one (=, +, -, @, tab, CR) is written with a
leading apostrophe, in CSV and XLSX alike, and no string ever becomes an XLSX formula cell.
Control characters that XLSX cannot hold are dropped.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
# A cell starting with one of these is a formula (or DDE) to Excel, LibreOffice and WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def safe_value(value: Any) -> Any:
    """A value as it may stand in a cell: text that looks like a formula gets an apostrophe."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # XLSX cannot hold C0 controls
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def csv_text(value: Any) -> str:
    """A value as CSV text: dates readable, None empty, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return safe_value(value) if isinstance(value, str) else str(value)  # numbers stay numbers


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(str(header)) for header in headers])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    """One worksheet: a bold frozen header row, filters over the table, real dates."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    filters: bool = True
    freeze_header: bool = True
    header_font: str | None = None  # e.g. "SimHei" for a printed table
    header_fill: str | None = None  # RGB, e.g. "DDDDDD"
    borders: bool = False
    wrap: bool = False
    landscape: bool = False  # A4 landscape, the header repeated on every printed page
    text_columns: Sequence[int] = field(default_factory=tuple)  # 1-based: typed as text ("@")


def _cell(sheet: WriteOnlyWorksheet, value: Any, style: dict) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_value(value))
    if cell.data_type == "f":  # openpyxl's own guess: a string never becomes a formula
        cell.data_type = "s"
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _write(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet(spec.title[:31] or "Sheet")
    for number, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for number in spec.text_columns:
        sheet.column_dimensions[get_column_letter(number)].number_format = "@"
    if spec.freeze_header:
        sheet.freeze_panes = "A2"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin) if spec.borders else None
    header_style: dict = {"font": Font(bold=True, name=spec.header_font)}
    body_style: dict = {}
    if spec.header_fill:
        header_style["fill"] = PatternFill("solid", fgColor=spec.header_fill)
    if spec.wrap:
        header_style["alignment"] = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        body_style["alignment"] = Alignment(vertical="top", wrap_text=True)
    if border is not None:
        header_style["border"] = body_style["border"] = border
    sheet.append([_cell(sheet, str(header), header_style) for header in spec.headers])
    count = 1
    for row in spec.rows:
        sheet.append([_cell(sheet, value, body_style) for value in row])
        count += 1
    if spec.filters and spec.headers:
        last = get_column_letter(len(spec.headers))
        sheet.auto_filter.ref = f"A1:{last}{max(count, 2)}"
    if spec.landscape:
        sheet.print_options.gridLines = False
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.print_title_rows = "1:1"


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """A workbook of the given sheets, in order."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write(workbook, spec)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
