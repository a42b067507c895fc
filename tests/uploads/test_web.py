"""Hostile files through the web routes: the speech upload on the meeting page and the
participant import answer 4xx with the Chinese message, and nothing is written."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.errors import RuleViolation
from extensions import db
from opinions.models import Opinion
from participants.models import Participant
from tests import factories
from tests.uploads import hostile as h

SPEECHES = [
    ("paragraph-bomb", lambda: h.docx_with_paragraphs(460_000), "段落超过 10000 个"),
    ("50kb-100k-paragraphs", lambda: h.docx_with_paragraphs(100_000), "段落超过"),
    ("part-bomb", h.docx_part_bomb, "解压后过大"),
    ("total-bomb", h.docx_total_bomb, "解压后总计超过"),
    ("billion-laughs", lambda: h.docx(h._document("<w:p/>", h.BILLION_LAUGHS)), "DTD"),
    (
        "external-entity",
        lambda: h.docx(h._document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", h.EXTERNAL_ENTITY)),
        "DTD",
    ),
    ("malformed-xml", lambda: h.docx("<w:document><w:body><w:p>"), "Word"),
    ("not-a-zip", lambda: b"just some text pretending", "Word"),
]
IMPORTS = [
    ("shared-strings-bomb", "名单.xlsx", h.xlsx_million_shared_strings, 413, "单元格超过"),
    ("million-cells", "名单.xlsx", h.xlsx_million_cells_in_a_row, 413, "列数超过"),
    ("million-rows", "名单.xlsx", h.xlsx_million_rows, 413, "3000"),
    ("sheet-bomb", "名单.xlsx", h.xlsx_part_bomb, 413, "解压后过大"),
    ("dtd", "名单.xlsx", lambda: h.xlsx(h.sheet_xml("", h.BILLION_LAUGHS)), 422, "DTD"),
    ("malformed", "名单.xlsx", lambda: h.xlsx("<worksheet><sheetData>"), 422, "损坏"),
    ("docx-as-xlsx", "名单.xlsx", lambda: h.docx(), 422, "损坏"),
    ("long-csv-line", "名单.csv", lambda: h.csv_long_line(1), 413, "字符"),
    ("blank-csv-rows", "名单.csv", lambda: h.csv_many_rows(1_500_000), 413, "行数超过 50000 行"),
    ("utf16-no-bom", "名单.csv", lambda: "姓名\r\n王喆\r\n".encode("utf-16-le"), 422, "CSV"),
    ("bad-bytes", "名单.csv", lambda: b"\x80\x81\x82\xff", 422, "文字编码"),
]


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def meeting(app, patient):
    meeting = factories.make_meeting(
        "推进普惠托育服务协商会", status="scheduled", opinions_open=True
    )
    db.session.commit()
    return meeting


@pytest.mark.parametrize("build,fragment", [s[1:] for s in SPEECHES], ids=[s[0] for s in SPEECHES])
def test_hostile_speech_upload_is_422_with_the_message(logged_in, meeting, build, fragment):
    response = logged_in.post(
        f"/meetings/{meeting.id}/opinions/import",
        data={"document": (io.BytesIO(build()), "发言稿.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert fragment in response.get_data(as_text=True)
    assert count(Opinion) == 0


@pytest.mark.parametrize(
    "name,build,status,fragment", [i[1:] for i in IMPORTS], ids=[i[0] for i in IMPORTS]
)
def test_hostile_participant_import_is_4xx_with_the_message(
    logged_in, patient, name, build, status, fragment
):
    before = count(Participant)
    response = logged_in.post(
        "/participants/import",
        data={"file": (io.BytesIO(build()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    assert fragment in response.get_data(as_text=True)
    assert count(Participant) == before


def test_the_time_limit_answers_in_time_through_the_page(logged_in, meeting, app):
    app.config["UPLOAD_MAX_SECONDS"] = 0.2  # under every size limit, still too slow
    response = logged_in.post(
        f"/meetings/{meeting.id}/opinions/import",
        data={
            "document": (
                io.BytesIO(h.docx_with_paragraphs(400_000, "<w:bookmarkStart/>")),
                "a.docx",
            )
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "读取文件超过 0.2 秒，已停止" in response.get_data(as_text=True)
    assert count(Opinion) == 0


SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "samples" / "hostile"


def test_the_demo_samples_show_what_their_readme_says(request_ctx, patient):
    from participants import imports
    from speech.docx import docx_to_text

    refused = [("paragraphs-bomb.docx", "段落超过 10000 个"), ("entity-bomb.docx", "DTD")]
    for name, fragment in refused:
        with pytest.raises(RuleViolation) as error:
            docx_to_text((SAMPLES / name).read_bytes())
        assert fragment in error.value.message
    assert docx_to_text((SAMPLES / "odd-numbering.docx").read_bytes()).splitlines()[2:] == [
        "1.建设社区助餐点。",
        "2.培训养老护理员。",
    ]
    with pytest.raises(RuleViolation) as error:
        imports.read_table("a.xlsx", (SAMPLES / "shared-strings-bomb.xlsx").read_bytes())
    assert error.value.status == 413 and "单元格超过 100000 个" in error.value.message
