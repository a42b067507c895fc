"""Register pages and exports over HTTP: roles, filters, file contents, query counts."""

import csv
import io

import pytest
from openpyxl import load_workbook

from extensions import db
from tests.factories import make_assignment, make_opinion, make_reply
from tests.querycount import queries_for
from tests.registers.conftest import SUBMITTED

PAGES = ["/opinions/", "/replies/"]
EXPORTS = [
    "/opinions/export.csv",
    "/opinions/export.xlsx",
    "/replies/export.csv",
    "/replies/export.xlsx",
]


def login(client, auth, username: str):
    assert auth.login(username).status_code == 302
    return client


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("username", ["secretariat", "chair", "dept_x", "member_a"])
@pytest.mark.parametrize("url", PAGES + EXPORTS)
def test_every_role_may_open_the_registers(world, client, auth, username, url):
    response = login(client, auth, username).get(url)
    assert response.status_code == 200
    if "export" in url:
        assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("url", PAGES + EXPORTS)
def test_anonymous_is_sent_to_login(world, client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_export_format_is_404(world, client, auth):
    login(client, auth, "secretariat")
    assert client.get("/opinions/export.pdf").status_code == 404
    assert client.get("/replies/export.xls").status_code == 404


def test_opinions_page_lists_rows(world, client, auth):
    text = login(client, auth, "secretariat").get("/opinions/").get_data(as_text=True)
    for title in ("关于增加普惠托位的建议", "关于托育人才培养的建议", "关于老年助餐补贴的建议"):
        assert title in text
    assert "单办" in text and "满意" in text


def test_department_never_sees_the_other_departments_rows(world, client, auth):
    login(client, auth, "dept_x")
    page = client.get("/opinions/").get_data(as_text=True)
    assert "关于老年助餐补贴的建议" not in page  # withdrawn from X
    assert "关于托育人才培养的建议" not in page  # never assigned
    for url in ("/opinions/export.csv", "/replies/export.csv"):
        body = client.get(url).data.decode("utf-8-sig")
        assert "区教育局" not in body and "教育局草稿" not in body and "教育局正式答复" not in body
    replies = client.get("/replies/").get_data(as_text=True)
    assert "教育局草稿" not in replies and "教育局正式答复" not in replies


def test_member_export_holds_own_rows_only(world, client, auth):
    login(client, auth, "member_b")
    rows = csv_rows(client.get("/opinions/export.csv"))
    assert [row[4] for row in rows[1:]] == ["关于建设社区食堂的建议"]
    rows = csv_rows(client.get("/replies/export.csv"))
    assert [row[-1] for row in rows[1:]] == ["教育局正式答复"]  # not X's input to Y


@pytest.mark.parametrize(
    "args, titles",
    [
        ("", 5),
        ("?year=2029", 2),
        ("?speaker_kind=member", 3),
        ("?category=C", 1),
        ("?q=托育", 2),
        ("?status=replied&mode=split", 1),
    ],
)
def test_exports_hold_exactly_the_filtered_rows(world, client, auth, args, titles):
    login(client, auth, "secretariat")
    page = client.get(f"/opinions/{args}").get_data(as_text=True)
    rows = csv_rows(client.get(f"/opinions/export.csv{args}"))
    sheet = xlsx_rows(client.get(f"/opinions/export.xlsx{args}"))
    assert len(rows) - 1 == titles == len(sheet) - 1
    assert [row[4] for row in rows[1:]] == [row[4] for row in sheet[1:]]
    for row in rows[1:]:
        assert row[4] in page
    assert page.count("data-opinion=") == titles


def test_export_links_carry_the_filters(world, client, auth):
    login(client, auth, "secretariat")
    page = client.get("/opinions/?year=2030&q=托育&meeting=abc").get_data(as_text=True)
    assert "/opinions/export.xlsx?year=2030&amp;q=" in page
    assert "meeting=abc" not in page


def test_exports_columns_and_values(world, client, auth):
    login(client, auth, "secretariat")
    rows = csv_rows(client.get("/opinions/export.csv?year=2029"))
    header = rows[0]
    assert header[:5] == ["会议日期", "会议", "发言人", "发言人类别", "意见建议标题"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["会议日期"] == "2029-05-20"
    assert first["建议条数"] == "3"
    assert first["答复类别"] == "A"
    sheet = xlsx_rows(client.get("/opinions/export.xlsx?year=2029"))
    assert sheet[0] == header
    assert sheet[1][0].year == 2029  # a real date in the workbook
    assert sheet[1][6] == 3
    # A text that looks like a formula stays text in both files.
    replies = csv_rows(client.get("/replies/export.csv"))
    assert "'=SUM(A1) 收费标准正在研究。" in [row[-1] for row in replies]
    values = [row[-1] for row in xlsx_rows(client.get("/replies/export.xlsx"))]
    assert "'=SUM(A1) 收费标准正在研究。" in values


@pytest.mark.parametrize(
    "query",
    [
        "?meeting=abc",
        "?meeting=99999999999999999999",
        "?year=0",
        "?year=abc",
        "?department=-5",
        "?speaker_kind=%00",
        "?status=withdrawn",
        "?category=%E2%80%AE",
        "?q=" + "托" * 500,
        "?q=%25_%5C",
        "?page=abc",
        "?page=99999999999",
        "?meeting=1&meeting=2",
    ],
)
@pytest.mark.parametrize(
    "path", ["/opinions/", "/replies/", "/opinions/export.csv", "/replies/export.xlsx"]
)
def test_bad_filter_values_never_fail(world, client, auth, query, path):
    login(client, auth, "secretariat")
    status = client.get(path + query).status_code
    # Ignored (200); control characters may be refused before the view (common.errors).
    assert status == 200 or (status in (400, 422) and "%00" in query)


def test_pages_run_a_bounded_number_of_queries(world, client, auth):
    login(client, auth, "secretariat")
    before = {url: queries_for(client, url) for url in PAGES + EXPORTS}
    # Twenty more handled opinions with replies, ratings and commitments.
    for n in range(20):
        opinion = make_opinion(world.meetings.m2030, world.ops.op1.speaker, f"新增意见{n}", 2)
        assignment = make_assignment(opinion, world.x, status="replied")
        make_reply(assignment, "已办理。", category="B", submitted_at=SUBMITTED)
    db.session.commit()
    after = {url: queries_for(client, url) for url in PAGES + EXPORTS}
    assert after == before
    assert max(after.values()) <= 14


def test_export_survives_control_characters_in_stored_text(world, client, auth):
    world.replies.r1.text = "答复\x0b内容\x01"
    db.session.commit()
    login(client, auth, "secretariat")
    values = [row[-1] for row in xlsx_rows(client.get("/replies/export.xlsx"))]
    assert "答复内容" in values
