"""Text that looks like a formula is written as text in every spreadsheet the app hands out:
registers (CSV, XLSX), tracking table XLSX, dashboard CSV, the participant template."""

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from common.spreadsheets import Sheet, csv_bytes, xlsx_bytes
from extensions import db
from office.services import get_settings
from opinions.models import Opinion, OpinionChannel
from responses.models import Assignment, AssignmentRole, AssignmentStatus, HandlingMode
from tests import factories

TITLES = [
    '=HYPERLINK("http://x","y")',
    "+1+1 关于托育的建议",
    "-2+3 关于养老的建议",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def sheet_cells(data: bytes) -> list:
    """Every cell of every sheet, after checking no sheet holds a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    cells = []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            cells.extend(cell for cell in row if cell.value is not None)
    return cells


def assert_text_cells(data: bytes, titles: list[str]) -> None:
    cells = {cell.value: cell for cell in sheet_cells(data)}
    for title in titles:
        cell = cells.get("'" + title.replace("\r", "")) or cells.get("'" + title)
        assert cell is not None, title
        assert cell.data_type == "s"


def csv_cells(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_the_shared_writer_neutralises_every_formula_start():
    rows = [[title, 7, -5, date(2026, 3, 1)] for title in TITLES]
    assert_text_cells(xlsx_bytes(Sheet("表", ["标题", "数", "负数", "日期"], rows)), TITLES)
    cells = csv_cells(csv_bytes(["标题", "数", "负数", "日期"], rows))
    for title in TITLES:
        assert "'" + title in cells
    assert "-5" in cells and "2026-03-01" in cells  # numbers and dates stay as they are
    workbook = load_workbook(
        io.BytesIO(xlsx_bytes(Sheet("表", ["数"], [[-5], [date(2026, 3, 1)]])))
    )
    values = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert values[0] == -5 and values[1].date() == date(2026, 3, 1)


@pytest.fixture
def handled(app):
    """One held meeting: an opinion per formula-looking title, each assigned to a
    department whose own name looks like a formula too."""
    meeting = factories.make_meeting('=HYPERLINK("http://x","会议")', status="held")
    speaker = factories.make_participant("@林委员", kind="member")
    department = factories.make_department('=HYPERLINK("http://x","局")')
    for title in TITLES:
        opinion = Opinion(
            meeting=meeting, speaker=speaker, title=title, channel=OpinionChannel.WRITTEN
        )
        db.session.add(opinion)
        db.session.flush()
        db.session.add(
            Assignment(
                opinion=opinion,
                department=department,
                mode=HandlingMode.SINGLE,
                role=AssignmentRole.LEAD,
                status=AssignmentStatus.ASSIGNED,
                due_date=date(2030, 6, 20),
            )
        )
    factories.make_user("secretariat", role="secretariat")
    get_settings().issuing_body = "政协云溪区委员会"  # documents name their issuer
    db.session.commit()
    return meeting


def test_registers_write_formula_titles_as_text(handled, client, auth):
    assert auth.login("secretariat").status_code == 302
    cells = csv_cells(client.get("/opinions/export.csv").data)
    for title in TITLES:
        assert "'" + title in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    response = client.get("/opinions/export.xlsx")
    assert response.status_code == 200
    assert_text_cells(response.data, TITLES)


def test_tracking_table_writes_formula_titles_as_text(handled, client, auth):
    assert auth.login("secretariat").status_code == 302
    response = client.get(f"/meetings/{handled.id}/tracking.xlsx")
    assert response.status_code == 200
    assert_text_cells(response.data, TITLES)
    values = {cell.value for cell in sheet_cells(response.data)}
    assert "'" + '=HYPERLINK("http://x","局")' in values  # the department's name too
    year = client.get(f"/tracking/{handled.starts_at.year}.xlsx")
    assert year.status_code == 200
    assert_text_cells(year.data, TITLES)


def test_dashboard_csv_writes_formula_names_as_text(handled, client, auth):
    assert auth.login("secretariat").status_code == 302
    response = client.get(f"/dashboard/charts/departments.csv?year={handled.starts_at.year}")
    assert response.status_code == 200
    cells = csv_cells(response.data)
    assert "'" + '=HYPERLINK("http://x","局")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_participant_template_has_no_formula(logged_in):
    response = logged_in.get("/participants/import/template.xlsx")
    cells = sheet_cells(response.data)
    assert [cell.value for cell in cells[:7]] == [
        "姓名",
        "类别",
        "界别",
        "单位",
        "职务",
        "专委会",
        "电话",
    ]
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet.column_dimensions["G"].number_format == "@"  # phone numbers stay text
    assert csv_cells(logged_in.get("/participants/import/template.csv").data)[0] == "姓名"
