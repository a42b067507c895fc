"""Fixtures for the participant import: files made in the test, a request context."""

import io

import pytest
from openpyxl import Workbook

HEADERS = ["姓名", "类别", "界别", "单位", "职务", "专委会", "电话"]
GOOD_ROWS = [
    ["王喆", "委员", "教育界", "区实验小学", "校长", "教文卫委", "13812345678"],
    ["李珺", "群众代表", "", "阳光社区", "家长", "", "010-65123456"],
    ["赵堃", "机构代表", "", "小太阳托育园", "园长", "", ""],
    ["钱昇", "专家", "", "市社科院", "研究员", "", ""],
]


def csv_bytes(rows: list[list[str]], headers=HEADERS, encoding: str = "utf-8-sig") -> bytes:
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list], headers=HEADERS, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def request_ctx(app):
    """Messages are translated: Babel needs a request to pick the language."""
    with app.test_request_context():
        yield
