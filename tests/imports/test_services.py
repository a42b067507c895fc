"""The import's services, without HTTP: reading files, checking rows, writing all or nothing."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from common.errors import RuleViolation
from extensions import db
from participants import imports
from participants.models import Participant, ParticipantKind
from tests import factories
from tests.imports.conftest import GOOD_ROWS, HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("request_ctx")


def count() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def preview(name: str, data: bytes) -> list[imports.ImportRow]:
    return imports.check_table(imports.read_table(name, data))


def test_valid_csv_imports_every_row():
    rows = preview("名单.csv", csv_bytes(GOOD_ROWS))
    assert [row.line for row in rows] == [2, 3, 4, 5]
    assert all(row.ok for row in rows), [row.errors for row in rows]
    imports.import_rows(rows)
    db.session.commit()
    people = {p.name: p for p in db.session.scalars(select(Participant))}
    assert set(people) == {"王喆", "李珺", "赵堃", "钱昇"}
    assert people["王喆"].kind == ParticipantKind.MEMBER
    assert people["王喆"].sector == "教育界"
    assert people["王喆"].committee == "教文卫委"
    assert people["李珺"].kind == ParticipantKind.CITIZEN
    assert people["李珺"].phone == "010-65123456"
    assert people["赵堃"].kind == ParticipantKind.AGENCY
    assert people["钱昇"].kind == ParticipantKind.EXPERT


def test_valid_xlsx_imports_every_row_with_numeric_phone_and_title_line():
    rows_in = [list(row) for row in GOOD_ROWS]
    rows_in[0][6] = 13812345678  # Excel keeps a typed phone number as a number
    rows = preview("名单.xlsx", xlsx_bytes(rows_in, title="2026年区政协参会人员名单"))
    assert [row.line for row in rows] == [3, 4, 5, 6]
    assert all(row.ok for row in rows), [row.errors for row in rows]
    assert rows[0].values["phone"] == "13812345678"
    imports.import_rows(rows)
    db.session.commit()
    assert count() == 4


def test_gbk_csv_as_excel_in_china_saves_it():
    data = csv_bytes(GOOD_ROWS, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = preview("名单.csv", data)
    assert all(row.ok for row in rows)
    assert rows[0].values["name"] == "王喆"  # 喆 exists in GBK


def test_gb18030_rare_character_and_utf8_without_bom():
    rows = preview("a.csv", csv_bytes([["张𠮷", "委员", "", "", "", "", ""]], encoding="gb18030"))
    assert rows[0].values["name"] == "张𠮷" and rows[0].ok
    rows = preview("a.csv", csv_bytes([["张𠮷", "委员", "", "", "", "", ""]], encoding="utf-8"))
    assert rows[0].values["name"] == "张𠮷" and rows[0].ok


def test_header_variants_and_english_headers():
    headers = ["姓名", "人员类别", "工作单位", "职务", "手机"]
    rows = preview(
        "a.csv", csv_bytes([["孙一", "政协委员", "区医院", "院长", "13900001111"]], headers)
    )
    assert rows[0].ok
    assert rows[0].values == {
        "name": "孙一",
        "kind": "政协委员",
        "affiliation": "区医院",
        "title": "院长",
        "phone": "13900001111",
    }
    headers = ["Name", "Kind", "Affiliation", "Position", "Phone", "Sector"]
    rows = preview(
        "a.csv", csv_bytes([["Li Lei", "Expert", "Fudan", "Professor", "13900001111", ""]], headers)
    )
    assert rows[0].ok and rows[0].kind == ParticipantKind.EXPERT
    headers = ["姓名", "联系电话", "单位"]  # no 类别: a list of members
    rows = preview("a.csv", csv_bytes([["周二", "13900001111", "区政协"]], headers))
    assert rows[0].ok and rows[0].kind == ParticipantKind.MEMBER


def test_one_bad_row_imports_nothing_and_reports_the_line():
    bad = [*GOOD_ROWS[:2], ["吴三", "领导", "", "区财政局", "", "", ""], *GOOD_ROWS[2:]]
    rows = preview("a.csv", csv_bytes(bad))
    wrong = [row for row in rows if not row.ok]
    assert [row.line for row in wrong] == [4]
    assert "领导" in wrong[0].errors[0]
    with pytest.raises(RuleViolation):
        imports.import_rows(rows)
    db.session.rollback()
    assert count() == 0


@pytest.mark.parametrize(
    "row, fragment",
    [
        (["", "委员", "", "区医院", "", "", ""], "姓名"),
        (["孙四", "", "", "区医院", "", "", ""], "类别"),
        (["孙四", "群众代表", "教育界", "区医院", "", "", ""], "界别"),
        (["孙四", "委员", "", "区医院", "", "", "abc"], "abc"),
        (["孙" * 65, "委员", "", "区医院", "", "", ""], "64"),
        (["孙四", "委员", "", "区" * 201, "", "", ""], "200"),
    ],
)
def test_row_errors(row, fragment):
    rows = preview("a.csv", csv_bytes([row]))
    assert not rows[0].ok
    assert any(fragment in error for error in rows[0].errors), rows[0].errors


def test_line_numbers_count_multiline_cells_and_blank_lines():
    data = '姓名,类别,单位\r\n王一,委员,"区医院\r\n门诊部"\r\n\r\n王二,委员,区医院\r\n'
    rows = preview("a.csv", data.encode("utf-8"))
    assert [row.line for row in rows] == [2, 5]
    assert rows[0].values["affiliation"] == "区医院\r\n门诊部"


def test_duplicates_within_the_file_and_against_the_directory():
    factories.make_participant("王喆", affiliation="区实验小学")
    db.session.commit()
    data = csv_bytes(
        [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[1], ["李珺", "委员", "", "别的单位", "", "", ""]]
    )
    rows = preview("a.csv", data)
    assert [row.ok for row in rows] == [False, True, False, True]
    assert "区实验小学" in rows[0].errors[0]
    assert "3" in rows[2].errors[0]


def test_unreadable_files_are_refused():
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.pdf", b"%PDF-1.4")
    assert error.value.status == 415
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert error.value.status == 415
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.xlsx", b"PK\x03\x04 not really a zip")
    assert error.value.status == 422
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.csv", b"x" * (imports.MAX_UPLOAD_BYTES + 1))
    assert error.value.status == 413
    with pytest.raises(RuleViolation):
        imports.read_table("a.csv", "单位,电话\r\n区医院,1\r\n".encode())  # no 姓名 column
    with pytest.raises(RuleViolation):
        imports.read_table("a.csv", csv_bytes([]))  # headers only


def test_too_many_rows_are_refused():
    data = csv_bytes([[f"人{i}", "委员", "", "", "", "", ""] for i in range(imports.MAX_ROWS + 1)])
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.csv", data)
    assert error.value.status == 413


def test_signed_rows_round_trip_and_refuse_tampering():
    rows = preview("a.csv", csv_bytes(GOOD_ROWS))
    token = imports.sign_rows(rows)
    back = imports.unsign_rows(token)
    assert back[0] == (2, {**rows[0].values, "kind": "member"})
    again = imports.check_rows(back, has_kind_column=True)
    assert all(row.ok for row in again)
    with pytest.raises(RuleViolation) as error:
        imports.unsign_rows(token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    assert error.value.status == 400
    with pytest.raises(RuleViolation):
        imports.unsign_rows("")


def test_a_full_file_fits_in_the_confirm_form():
    data = csv_bytes(
        [
            [f"委员{i}", "委员", "经济界", f"区第{i}中学", "校长", "教文卫委", "13812345678"]
            for i in range(imports.MAX_ROWS)
        ]
    )
    rows = preview("a.csv", data)
    assert all(row.ok for row in rows)
    # Werkzeug refuses form fields over MAX_FORM_MEMORY_SIZE (500 kB by default).
    assert len(imports.sign_rows(rows)) < 400_000


def test_templates_have_the_headers():
    assert imports.template_csv().decode("utf-8-sig").strip() == ",".join(HEADERS)
    sheet = load_workbook(io.BytesIO(imports.template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS


def test_control_characters_are_dropped():
    data = "姓名,类别,单位\r\n王\x0b一,委员,区\x01医院\r\n".encode()
    rows = preview("a.csv", data)
    assert rows[0].ok and rows[0].values == {
        "name": "王一",
        "kind": "委员",
        "affiliation": "区医院",
    }
