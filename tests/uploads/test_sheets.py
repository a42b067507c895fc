"""Hostile .xlsx and CSV files through the participant import's reader: each refused with a
clear translated message and a 4xx, or read harmlessly; ordinary workbooks read as before."""

import pytest

from common.errors import RuleViolation
from common.upload_tables import csv_rows, xlsx_rows
from common.uploads import UploadRejected
from participants import imports
from tests.uploads import hostile as h

SMALL = 1024 * 1024

# (id, builder, status, fragment of the Chinese message)
XLSX_REFUSED = [
    ("million-shared-strings", h.xlsx_million_shared_strings, 413, "单元格超过 100000 个"),
    (
        "giant-shared-string",
        lambda: h.xlsx(shared=h.shared_xml(f"<si><t>{'托' * 3_000_000}</t></si>")),
        413,
        "文字超过 2000000 个字符",
    ),
    ("million-cells-in-a-row", h.xlsx_million_cells_in_a_row, 413, "列数超过 512 列"),
    (
        "far-right-cell",
        lambda: h.xlsx(h.sheet_xml('<row><c r="XFD1"><v>1</v></c></row>')),
        413,
        "列数",
    ),
    ("million-rows", h.xlsx_million_rows, 413, "3000"),  # the import's own row limit
    ("two-million-empty-rows", h.xlsx_empty_rows, 413, "XML 元素超过 1000000 个"),
    ("part-bomb", h.xlsx_part_bomb, 413, "解压后过大"),
    ("total-bomb", lambda: h.xlsx(extra=h_total()), 413, "解压后总计超过"),
    (
        "many-entries",
        lambda: h.xlsx(extra={f"xl/m{i}.bin": b"" for i in range(5000)}),
        413,
        "压缩包",
    ),
    ("dtd-in-sheet", lambda: h.xlsx(h.sheet_xml("", h.BILLION_LAUGHS)), 422, "DTD"),
    (
        "entity-in-shared-strings",
        lambda: h.xlsx(shared=h.shared_xml("<si><t>&xxe;</t></si>", h.EXTERNAL_ENTITY)),
        422,
        "DTD",
    ),
    ("dtd-in-workbook", lambda: h.xlsx(workbook_prolog=h.BILLION_LAUGHS), 422, "DTD"),
    ("malformed-sheet", lambda: h.xlsx("<worksheet><sheetData><row>"), 422, "损坏"),
    (
        "string-index-out-of-range",
        lambda: h.xlsx(h.sheet_xml('<row><c t="s"><v>999</v></c></row>'), h.shared_xml("")),
        422,
        "损坏",
    ),
    ("not-a-zip", lambda: b"PK\x03\x04 this is no zip", 422, "损坏"),
    ("a-document-renamed", lambda: h.docx(), 422, "损坏"),
    ("truncated", lambda: h.xlsx()[:300], 422, "损坏"),
]


def h_total() -> dict:
    zeros = b"\0" * h.MB
    return {f"xl/media/image{i}.png": (zeros for _ in range(15)) for i in range(5)}


@pytest.mark.parametrize(
    "build,status,fragment", [r[1:] for r in XLSX_REFUSED], ids=[r[0] for r in XLSX_REFUSED]
)
def test_hostile_xlsx_is_refused(request_ctx, patient, build, status, fragment):
    data = build()
    assert len(data) < SMALL
    with pytest.raises(RuleViolation) as error:
        imports.read_table("名单.xlsx", data)
    assert 400 <= error.value.status < 500
    if status is not None:
        assert error.value.status == status
        assert fragment in error.value.message


def test_odd_cell_values_are_read_not_crashed(request_ctx):
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>电话</t></is></c></row>'
        '<row r="-5"><c r="1A" t="inlineStr"><is><t>王喆</t></is></c><c><v>abc</v></c></row>'
        '<row r="99999999999"><c r="A3" t="inlineStr"><is><r><t>李</t></r><r><t>珺</t></r>'
        '</is></c><c r="B3" s="abc"><v>1e400</v></c></row>'
        '<row><c r="A4" t="b"><v>1</v></c><c r="B4"><v>nan</v></c></row>'
        '<row><c r="A5" t="inlineStr"><is><t>赵堃</t></is></c><c r="B5"><v>13812345678</v></c>'
        "</row>"
    )
    found = xlsx_rows(h.xlsx(h.sheet_xml(rows)), 100)
    assert [cells for _line, cells in found] == [
        ["姓名", "电话"],
        ["王喆", "abc"],
        ["李珺", "1e400"],
        ["True", "nan"],
        ["赵堃", "13812345678"],
    ]


def test_a_declared_sheet_size_costs_nothing(request_ctx):
    """openpyxl pads every row to the dimension; the reader only keeps cells with values."""
    sheet = (
        f'<worksheet xmlns="{h.S_NS}"><dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>王喆</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    assert xlsx_rows(h.xlsx(sheet), 100) == [(1, ["姓名"]), (1048576, ["王喆"])]


def test_shared_strings_rich_text_and_dates(request_ctx):
    from tests.imports.conftest import xlsx_bytes

    data = xlsx_bytes([["王喆", "委员", "教育界", "区实验小学", "校长", "教文卫委", 13812345678]])
    rows = xlsx_rows(data, 10)
    assert rows[1][1][0] == "王喆" and rows[1][1][-1] == "13812345678"
    import datetime

    dated = xlsx_bytes([["李珺", datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 9, 30)]])
    assert xlsx_rows(dated, 10)[1][1][1:] == ["2026-03-01", "2026-03-01 09:30:00"]


# ---------------------------------------------------------------- CSV


def test_a_50_mb_line_is_refused(request_ctx, patient):
    data = h.csv_long_line(50)
    with pytest.raises(UploadRejected) as error:
        csv_rows(data, 100)
    assert error.value.status == 413 and "第 1 行超过 100000 个字符" in error.value.message
    with pytest.raises(RuleViolation) as error:  # the import refuses it by size already
        imports.read_table("名单.csv", data)
    assert error.value.status == 413


def test_millions_of_rows_are_refused(request_ctx, patient):
    data = h.csv_many_rows(5_000_000)
    with pytest.raises(UploadRejected) as error:
        csv_rows(data, 10_000_000)
    assert error.value.status == 413 and "行数超过 50000 行" in error.value.message
    one_million = "姓名\r\n".encode() + "王某,委员\r\n".encode() * 1_000_000
    assert len(csv_rows(one_million, 3011)) == 3011  # the reader stops where it is told
    with pytest.raises(RuleViolation) as error:
        imports.read_table("名单.csv", "姓名\r\n".encode() + "王某\n".encode() * 200_000)
    assert error.value.status == 413


def test_a_million_columns_are_refused(request_ctx):
    with pytest.raises(UploadRejected) as error:
        imports.read_table("名单.csv", "姓名".encode() + b"," * 1_000_000)
    assert error.value.status == 413 and (
        "列数超过" in error.value.message or "字符" in error.value.message
    )
    with pytest.raises(UploadRejected) as error:
        csv_rows(b"," * 5000, 10)
    assert "列数超过 512 列" in error.value.message


@pytest.mark.parametrize(
    "data,fragment",
    [
        ("姓名,类别\r\n王喆,委员\r\n".encode("utf-16-le"), "不是有效的 CSV"),  # no BOM
        ("姓名,类别\r\n".encode("utf-32"), "不是有效的 CSV"),
        (b"\xff\xff\xff\x80\x80", "文字编码"),
        (b"\x80\x81\x82 name", "文字编码"),
        (bytes(range(256)) * 10, "文字编码"),
    ],
    ids=["utf16-no-bom", "utf32", "invalid-bytes", "lone-lead-bytes", "binary"],
)
def test_wrong_encodings_are_refused_with_a_message(request_ctx, data, fragment):
    with pytest.raises(RuleViolation) as error:
        imports.read_table("名单.csv", data)
    assert error.value.status == 422 and fragment in error.value.message


def test_gbk_and_utf16_with_bom_still_read(request_ctx):
    text = "姓名,类别\r\n王喆,委员\r\n"
    for data in (text.encode("gbk"), text.encode("utf-16"), text.encode("utf-8-sig")):
        assert csv_rows(data, 10) == [(1, ["姓名", "类别"]), (2, ["王喆", "委员"])]


def test_blank_lines_do_not_hide_the_rows_after_them(request_ctx):
    data = "姓名,类别\r\n".encode() + b"\r\n" * 5000 + "王喆,委员\r\n李珺,群众代表\r\n".encode()
    table = imports.read_table("名单.csv", data)
    assert [(line, values["name"]) for line, values in table.rows] == [
        (5002, "王喆"),
        (5003, "李珺"),
    ]
