"""Rows of an uploaded spreadsheet (.xlsx or CSV) as the text a person sees, read safely.

    xlsx_rows(data, max_rows) -> [(row number, [cell text, ...]), ...]
    csv_rows(data, max_rows)  -> [(line number, [cell text, ...]), ...]

Both stop after `max_rows` rows with a value (the caller asks for one more than it accepts,
to say "too many"), and refuse with UploadRejected what passes common.uploads.Limits: the
zip's and each part's unpacked size, shared strings and cells, columns, characters, CSV line
length, rows scanned, time. The .xlsx is streamed with the DTD-free parser of
common.uploads, never by openpyxl (which loads sharedStrings whole and pads every row to
the sheet's declared width).
"""

import csv
import math
from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from common.uploads import (
    MB,
    Budget,
    Limits,
    Package,
    UploadRejected,
    bounded_int,
    configured_limits,
    damaged,
    local,
    open_package,
    related,
    relationships,
    release,
    too_large,
)

MAX_EXCEL_ROW = 1_048_576
NOT_CSV_CHARACTERS = ("\x00",)


def xlsx_kind() -> str:
    return _("an Excel workbook (.xlsx)")


# ---------------------------------------------------------------- .xlsx


def _texts(element) -> str:
    """A shared or inline string: its w:t and its rich-text runs' t, phonetic runs left out."""
    parts = []
    for child in element:
        tag = local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(package: Package, name: str | None) -> list[str]:
    strings: list[str] = []
    limits = package.budget.limits
    for element in package.elements(name):
        if local(element.tag) == "si":
            text = _texts(element)
            package.budget.add_characters(len(text))
            strings.append(text)
            if len(strings) > limits.cells:
                raise too_large(_("more than %(n)d cells", n=limits.cells))
            release(element)
    return strings


def _date_styles(package: Package, name: str | None) -> set[int]:
    """Indices of the cell styles (cellXfs) whose number format shows a date or time."""
    formats = {key: code for key, code in BUILTIN_FORMATS.items()}
    dates: set[int] = set()
    index = 0
    for element in package.elements(name):
        tag = local(element.tag)
        parent = element.getparent()
        if tag == "numFmt":
            number = bounded_int(element.get("numFmtId"), -1, -1, 100_000)
            formats[number] = (element.get("formatCode") or "")[:200]
            release(element)
        elif tag == "xf" and parent is not None and local(parent.tag) == "cellXfs":
            number = bounded_int(element.get("numFmtId"), 0, 0, 100_000)
            if is_date_format(formats.get(number, "General")):
                dates.add(index)
            index += 1
            release(element)
    return dates


def _column(reference: str | None) -> int | None:
    """0-based column of a cell reference ("B7" -> 1); None when absent or odd."""
    if not reference:
        return None
    letters = ""
    for char in reference[:10]:
        if not ("A" <= char <= "Z"):
            break
        letters += char
    if not letters or len(letters) > 3:
        return None
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number - 1


def _number_text(raw: str, is_date: bool, epoch: datetime) -> str:
    """A numeric cell as Excel shows it: phone numbers whole, dates as dates."""
    try:
        value = float(raw)
    except (ValueError, OverflowError):
        return raw.strip()
    if is_date and math.isfinite(value):
        try:
            moment = from_excel(value, epoch)
        except (ValueError, OverflowError, TypeError):
            return raw.strip()
        if isinstance(moment, datetime):
            if moment.time() == datetime.min.time():
                return moment.date().isoformat()
            return str(moment)
        return str(moment)
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return raw.strip()


class _Sheet:
    """What a cell needs to become text: the shared strings, date styles, epoch."""

    def __init__(self, shared: list[str], dates: set[int], epoch: datetime):
        self.shared, self.dates, self.epoch = shared, dates, epoch

    def text(self, cell) -> str | None:
        kind = cell.get("t") or "n"
        value = None
        for child in cell:
            tag = local(child.tag)
            if tag == "v":
                value = child.text or ""
            elif tag == "is":
                return _texts(child)
        if value is None:
            return None
        if kind == "s":
            index = bounded_int(value, -1, -1, len(self.shared))
            if not 0 <= index < len(self.shared):
                raise damaged(xlsx_kind())
            return self.shared[index]
        if kind == "b":
            return "True" if value.strip() in ("1", "true") else "False"
        if kind in ("str", "e", "inlineStr", "d"):
            return value
        style = bounded_int(cell.get("s"), 0, 0, 1_000_000)
        return _number_text(value, style in self.dates, self.epoch)


def _first_sheet(package: Package, workbook: str) -> tuple[str | None, datetime]:
    """The first worksheet (as openpyxl's worksheets[0]) and the workbook's date epoch."""
    rels = relationships(package, workbook)
    first = None
    epoch = WINDOWS_EPOCH
    checked = False
    for element in package.elements(workbook):
        if not checked:
            package.root_is(element, "workbook")
            checked = True
        tag = local(element.tag)
        if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = MAC_EPOCH
        elif tag == "sheet" and first is None:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
            kind, name = rels.get(rel_id, ("", ""))
            if kind == "worksheet" and package.has(name):
                first = name
        if tag in ("sheet", "workbookPr", "definedName"):
            release(element)
    return first, epoch


def xlsx_rows(
    data: bytes, max_rows: int, limits: Limits | None = None
) -> list[tuple[int, list[str]]]:
    """The first worksheet's rows that hold a value, each padded to its last value."""
    package = open_package(data, xlsx_kind(), limits or configured_limits())
    workbook = related(package, "", "officeDocument")
    if workbook is None:
        raise damaged(xlsx_kind())
    sheet_name, epoch = _first_sheet(package, workbook)
    if sheet_name is None:
        raise damaged(xlsx_kind())
    sheet = _Sheet(
        _shared_strings(package, related(package, workbook, "sharedStrings")),
        _date_styles(package, related(package, workbook, "styles")),
        epoch,
    )
    return list(_sheet_rows(package, sheet_name, sheet, max_rows))


def _sheet_rows(
    package: Package, name: str, sheet: _Sheet, max_rows: int
) -> Iterator[tuple[int, list[str]]]:
    limits, budget = package.budget.limits, package.budget
    cells: dict[int, str] = {}
    next_column, row_number, produced, counted = 0, 0, 0, 0
    for element in package.elements(name):
        tag = local(element.tag)
        if tag == "c":
            column = _column(element.get("r"))
            column = next_column if column is None else column
            next_column = column + 1
            text = sheet.text(element)
            if text is not None and text != "":
                if column >= limits.columns:
                    raise too_large(_("more than %(n)d columns", n=limits.columns))
                counted += 1
                if counted > limits.cells:
                    raise too_large(_("more than %(n)d cells", n=limits.cells))
                budget.add_characters(len(text))
                cells[column] = text
            release(element)
        elif tag == "row":  # its cells came first, as the row's children
            row_number = bounded_int(element.get("r"), row_number + 1, 1, MAX_EXCEL_ROW)
            if cells:
                yield row_number, [cells.get(i, "") for i in range(max(cells) + 1)]
                produced += 1
                if produced >= max_rows:
                    return
            cells, next_column = {}, 0
            release(element)


# ---------------------------------------------------------------- CSV


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else
    GB18030/GBK; UploadRejected for anything else or binary data."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8", errors="strict")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
    except UnicodeError:
        raise UploadRejected(
            _("The file's characters could not be read. Save it as CSV UTF-8 or as XLSX.")
        ) from None
    if any(char in text for char in NOT_CSV_CHARACTERS):
        raise UploadRejected(_("This does not look like a CSV file. Save it as CSV or XLSX."))
    return text


def _checked_lines(text: str, budget: Budget) -> Iterator[str]:
    """The text's physical lines with their endings (as csv wants them: \r\n, \r or \n),
    each refused when longer than the limit before it is copied out."""
    limit, length = budget.limits.line_characters, len(text)
    position, number = 0, 0
    next_n = next_r = -2  # where the next \n / \r is; -1 once there is none left
    while position < length:
        number += 1
        if next_n != -1 and next_n < position:
            next_n = text.find("\n", position)
        if next_r != -1 and next_r < position:
            next_r = text.find("\r", position)
        ends = [at for at in (next_n, next_r) if at != -1]
        end = min(ends) + 1 if ends else length
        if end < length and text[end - 1] == "\r" and text[end] == "\n":
            end += 1
        if end - position > limit + 2:
            raise too_large(
                _("line %(line)d is longer than %(n)d characters", line=number, n=limit)
            )
        if number % 1024 == 0:
            budget.tick()
        yield text[position:end]
        position = end


def csv_rows(
    data: bytes, max_rows: int, limits: Limits | None = None
) -> list[tuple[int, list[str]]]:
    """Rows that hold a value, with their first line number (quoted cells may span lines);
    comma or tab separated."""
    limits = limits or configured_limits()
    budget = Budget(limits)
    if len(data) > limits.total_bytes:
        raise too_large(_("more than %(n)d MB in total", n=limits.total_bytes // MB))
    text = decode_csv(data)
    first = text[: limits.line_characters].split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(_checked_lines(text, budget), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line, scanned = 1, 0
    try:
        for record in reader:
            scanned += 1
            if scanned > limits.rows:
                raise too_large(_("more than %(n)d rows", n=limits.rows))
            if len(record) > limits.columns:
                raise too_large(_("more than %(n)d columns", n=limits.columns))
            cells = [cell.strip() for cell in record]
            if any(cells):  # blank lines count toward the scan limit, not the rows wanted
                rows.append((line, cells))
            line = reader.line_num + 1  # a quoted cell may span lines: count what people see
            if len(rows) >= max_rows:
                break
    except csv.Error:
        raise UploadRejected(
            _("The CSV file is malformed near line %(line)d.", line=line)
        ) from None
    return rows
