"""Importing participants from a secretariat's spreadsheet (CSV or XLSX): read, check, write.

    read_table(filename, data) -> Table         raises RuleViolation for an unreadable file
    check_rows(table.rows) -> list[ImportRow]   every row with its errors (nothing written)
    import_rows(rows) -> list[Participant]      writes all rows or raises RuleViolation
    sign_rows(rows) / unsign_rows(token)        carry checked rows to the confirm step

The rules for one participant are the directory's own (participants.services, and the phone
and email formats of participants.forms); this module only adds what a file brings: header
variants, 类别 written as a word, line numbers, and duplicates inside the file.
"""

import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import String

from common import upload_tables
from common.errors import RuleViolation
from common.spreadsheets import Sheet, csv_bytes, xlsx_bytes
from common.uploads import DamagedFile
from extensions import db
from participants import services
from participants.forms import valid_email, valid_phone
from participants.models import Participant, ParticipantKind
from participants.services import FieldRuleViolation, ParticipantInput

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000
PREVIEW_MAX_AGE = 2 * 60 * 60  # seconds a preview stays valid for confirming
SIGNING_SALT = "participant-import"
# Invisible control characters (PostgreSQL refuses NUL, XLSX/DOCX any C0 control): dropped.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER_SEARCH_ROWS = 10  # a title line (e.g. "2026年区政协委员名单") may stand above the headers

# Field -> the headers secretariats use for it (compared without spaces, case-insensitive).
FIELDS = ("name", "kind", "sector", "affiliation", "title", "committee", "phone", "email", "notes")


def _words(text: str) -> list[str]:
    return text.split()


HEADER_ALIASES: dict[str, list[str]] = {
    "name": _words("姓名 名字 人员姓名 委员姓名 name fullname"),
    "kind": _words("类别 人员类别 类型 身份 kind category type"),
    "sector": _words("界别 所在界别 sector"),
    "affiliation": _words(
        "单位 工作单位 所在单位 单位名称 affiliation organisation organization employer unit"
    ),
    "title": _words("职务 职位 单位职务 title position jobtitle"),
    "committee": _words("专委会 专门委员会 所属专委会 committee specialcommittee"),
    "phone": _words(
        "电话 联系电话 手机 手机号 手机号码 电话号码 联系方式 phone mobile telephone tel"
    ),
    "email": _words("邮箱 电子邮箱 电子邮件 email e-mail mail"),
    "notes": _words("备注 notes remarks note"),
}
# 类别 as offices write it, beyond the enum's own labels (added from the catalogue).
KIND_WORDS: dict[ParticipantKind, list[str]] = {
    ParticipantKind.MEMBER: _words("委员 政协委员"),
    ParticipantKind.CITIZEN: _words("群众代表 群众 市民代表 家长代表"),
    ParticipantKind.AGENCY: _words("机构代表 机构 单位代表"),
    ParticipantKind.OFFICIAL: _words("政府部门负责人 部门负责人 政府代表 政府官员 官员"),
    ParticipantKind.EXPERT: _words("专家 专家学者"),
}
TEMPLATE_HEADERS = ["姓名", "类别", "界别", "单位", "职务", "专委会", "电话"]
HEADER_LABELS = dict(zip(FIELDS, [*TEMPLATE_HEADERS, "邮箱", "备注"], strict=True))


@dataclass
class Table:
    """What a file holds: the columns found and its data rows with their line numbers."""

    columns: list[str]  # fields recognised, in file order
    rows: list[tuple[int, dict[str, str]]]
    ignored_headers: list[str] = field(default_factory=list)


@dataclass
class ImportRow:
    """One data row as the preview shows it: line in the file, values, what is wrong."""

    line: int
    values: dict[str, str]
    kind: ParticipantKind | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _squash(text: str) -> str:
    text = re.sub(r"[\s\u3000*＊:：_]|（[^）]*）|\([^)]*\)", "", str(text))
    return text.lower()


HEADER_LOOKUP = {
    _squash(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def kind_words() -> dict[str, ParticipantKind]:
    """Every way to write 类别: value, English and Chinese labels, and the office words."""
    words = {_squash(word): kind for kind, words in KIND_WORDS.items() for word in words}
    for locale in ("en", "zh_CN"):
        with force_locale(locale):
            words.update({_squash(kind.label): kind for kind in ParticipantKind})
    words.update({kind.value: kind for kind in ParticipantKind})
    return words


# ---------------------------------------------------------------- reading files


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    return upload_tables.csv_rows(data, MAX_ROWS + HEADER_SEARCH_ROWS + 1)


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        rows = upload_tables.xlsx_rows(data, MAX_ROWS + HEADER_SEARCH_ROWS + 1)
    except DamagedFile:
        raise RuleViolation(_("The XLSX file could not be opened. Is it damaged?")) from None
    return [(line, [cell.strip() for cell in cells]) for line, cells in rows]


def file_kind(filename: str, data: bytes) -> str:
    """'csv' or 'xlsx' from the name and the first bytes; anything else is refused."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx" and data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in ("csv", "txt") and not data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "csv"
    if suffix == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RuleViolation(
            _("Old Excel files (.xls) cannot be read. Save the sheet as .xlsx or CSV and retry."),
            status=415,
        )
    raise RuleViolation(_("Upload a CSV or XLSX file."), status=415)


def _header_row(lines: list[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The row holding the headers: the first with a 姓名 column among the first few."""
    for index, (_line, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if any(HEADER_LOOKUP.get(_squash(cell)) == "name" for cell in cells):
            return index, cells
    raise RuleViolation(
        _(
            "No %(column)s column was found. The first row must hold the column headers.",
            column=HEADER_LABELS["name"],
        )
    )


def read_table(filename: str, data: bytes) -> Table:
    """The file's header and data rows. RuleViolation when it cannot be used at all."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RuleViolation(
            _("The file is larger than %(mb)d MB. Split it and import the parts.", mb=2),
            status=413,
        )
    if not data.strip():
        raise RuleViolation(_("The file is empty."))
    lines = _xlsx_lines(data) if file_kind(filename, data) == "xlsx" else _csv_lines(data)
    index, cells = _header_row(lines)
    columns: dict[int, str] = {}
    ignored = []
    for position, cell in enumerate(cells):
        name = HEADER_LOOKUP.get(_squash(cell))
        if name and name not in columns.values():
            columns[position] = name
        elif cell:
            ignored.append(cell)
    rows = []
    for line, record in lines[index + 1 :]:
        values = {name: record[pos] if pos < len(record) else "" for pos, name in columns.items()}
        if any(values.values()):
            rows.append((line, values))
    if len(rows) > MAX_ROWS:
        raise RuleViolation(
            _("The file has more than %(n)d rows. Split it and import the parts.", n=MAX_ROWS),
            status=413,
        )
    if not rows:
        raise RuleViolation(_("The file has headers but no rows of people."))
    return Table(columns=list(columns.values()), rows=rows, ignored_headers=ignored)


# ---------------------------------------------------------------- checking rows


def _limits() -> dict[str, int]:
    """Each text field's column length, read from the schema."""
    columns = db.metadata.tables[Participant.__tablename__].columns
    limits = {}
    for name in FIELDS:
        column_type = columns[name].type
        if name not in ("kind", "notes") and isinstance(column_type, String) and column_type.length:
            limits[name] = column_type.length
    return limits


def _participant_input(values: dict[str, str], kind: ParticipantKind | str) -> ParticipantInput:
    return ParticipantInput(
        name=values.get("name", ""),
        kind=kind,
        affiliation=values.get("affiliation", ""),
        title=values.get("title", ""),
        sector=values.get("sector", ""),
        committee=values.get("committee", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        notes=values.get("notes", ""),
    )


def check_row(
    line: int, values: dict[str, str], words: dict[str, ParticipantKind], has_kind_column: bool
) -> ImportRow:
    """One row against the directory's rules; duplicates inside the file come later."""
    values = {
        name: CONTROL_CHARACTERS.sub("", values[name]).strip()
        for name in FIELDS
        if values.get(name)
    }
    values = {name: value for name, value in values.items() if value}
    row = ImportRow(line=line, values=values)
    raw_kind = values.get("kind", "")
    if not has_kind_column:
        row.kind = ParticipantKind.MEMBER
    elif not raw_kind:
        row.errors.append(_("%(column)s is empty.", column=HEADER_LABELS["kind"]))
    elif (kind := words.get(_squash(raw_kind))) is None:
        row.errors.append(
            _(
                "%(column)s “%(value)s” is not known; use one of: %(choices)s.",
                column=HEADER_LABELS["kind"],
                value=raw_kind,
                choices="、".join(kind_choices()),
            )
        )
    else:
        row.kind = kind
    for name, limit in _limits().items():
        if len(values.get(name, "")) > limit and name != "name":
            row.errors.append(
                _("%(column)s has more than %(n)d characters.", column=HEADER_LABELS[name], n=limit)
            )
    if values.get("phone") and not valid_phone(values["phone"]):
        row.errors.append(
            _(
                "%(column)s “%(value)s” is not a phone number.",
                column=HEADER_LABELS["phone"],
                value=values["phone"],
            )
        )
    if values.get("email") and not valid_email(values["email"]):
        row.errors.append(
            _(
                "%(column)s “%(value)s” is not an email address.",
                column=HEADER_LABELS["email"],
                value=values["email"],
            )
        )
    if row.kind is not None:
        try:  # the directory's own rules: name, sector only for members, already there
            services.check_new_participant(_participant_input(values, row.kind))
        except FieldRuleViolation as error:
            row.errors.append(error.message)
    return row


def kind_choices() -> list[str]:
    with force_locale("zh_CN"):
        return [str(kind.label) for kind in ParticipantKind]


def check_rows(rows: list[tuple[int, dict[str, str]]], has_kind_column: bool) -> list[ImportRow]:
    """Every row with its errors, including a repeat of an earlier row of the same file."""
    words = kind_words()
    checked = []
    first_seen: dict[tuple[str, str], int] = {}
    with db.session.no_autoflush:
        for line, values in rows:
            row = check_row(line, values, words, has_kind_column)
            key = (row.values.get("name", ""), row.values.get("affiliation", ""))
            if key[0] and key in first_seen:
                row.errors.append(
                    _(
                        "Same name and affiliation as line %(line)d of this file.",
                        line=first_seen[key],
                    )
                )
            elif key[0]:
                first_seen[key] = line
            checked.append(row)
    return checked


def check_table(table: Table) -> list[ImportRow]:
    return check_rows(table.rows, "kind" in table.columns)


# ---------------------------------------------------------------- carrying and writing


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SIGNING_SALT)


def _kind_of(row: ImportRow) -> ParticipantKind:
    """The kind of a checked row: check_row gives every row without errors its kind."""
    if row.kind is None:
        raise ValueError(f"line {row.line} was not checked")
    return row.kind


def sign_rows(rows: list[ImportRow]) -> str:
    """The checked rows for the confirm step, signed so they come back unchanged."""
    payload = [[row.line, {**row.values, "kind": _kind_of(row).value}] for row in rows]
    return _serializer().dumps(payload)


def unsign_rows(token: str) -> list[tuple[int, dict[str, str]]]:
    """The rows signed by sign_rows; RuleViolation(400) when altered or too old."""
    try:
        payload = _serializer().loads(token or "", max_age=PREVIEW_MAX_AGE)
        rows = [
            (int(line), {str(k): str(v) for k, v in values.items()}) for line, values in payload
        ]
    except (BadSignature, TypeError, ValueError, AttributeError):  # altered, expired, odd
        raise RuleViolation(
            _("The preview is no longer valid. Upload the file again."), status=400
        ) from None
    return rows


def import_rows(rows: list[ImportRow]) -> list[Participant]:
    """Write every row, or nothing: a single invalid row refuses the whole import."""
    if not rows or any(not row.ok for row in rows):
        raise RuleViolation(
            _("Nothing was imported: correct the rows marked in the preview first."),
            status=409,
        )
    created = []
    for row in rows:
        try:
            person = _participant_input(row.values, _kind_of(row))
            created.append(services.create_participant(person))
        except RuleViolation as error:
            raise RuleViolation(
                _("Line %(line)d: %(reason)s", line=row.line, reason=error.message), status=409
            ) from None
    return created


# ---------------------------------------------------------------- the template file


def template_csv() -> bytes:
    return csv_bytes(TEMPLATE_HEADERS, [])


def template_xlsx() -> bytes:
    notes = [
        ["姓名", "必填"],
        ["类别", "必填，填写：" + "、".join(kind_choices())],
        ["界别", "仅政协委员填写"],
        ["单位 / 职务 / 专委会 / 电话", "选填；姓名与单位相同的人员视为重复"],
    ]
    return xlsx_bytes(
        Sheet(
            title="人员名单",
            headers=TEMPLATE_HEADERS,
            rows=[],
            widths=(10, 14, 14, 30, 18, 16, 16),
            filters=False,
            # Phone numbers stay text (Excel would turn 13812345678 into 1.38E+10).
            text_columns=range(1, len(TEMPLATE_HEADERS) + 1),
        ),
        Sheet(
            title="填写说明",
            headers=["列", "说明"],
            rows=notes,
            widths=(26, 60),
            filters=False,
            freeze_header=False,
        ),
    )
