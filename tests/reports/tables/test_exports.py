"""The files: tracking table PDF (landscape A4, fonts embedded) and XLSX, the member record
PDF, and the DOCX of the minutes and consensus report (python-docx, then LibreOffice)."""

import subprocess
import sys

import pytest
from docx import Document
from openpyxl import load_workbook

from demo import data as demo_data
from extensions import db
from meetings.models import Meeting
from participants.models import Participant
from reports import exports, word
from reports.formatting import cn_number
from reports.records import member_record_context, tracking_context
from tests.reports.tables.conftest import TODAY, needs

PDFCHECK = "/work/shared/tools/pdfcheck.py"
RARE = ["王喆", "李堃", "陈珺", "沈昇", "许𠮷安"]


def run(*args: str, timeout: int = 60) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=timeout).stdout


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def files(session_app, demo, tmp_path_factory):
    """Every file rendered once for the module."""
    out = tmp_path_factory.mktemp("exports")
    with session_app.test_request_context():
        meeting = db.session.get(Meeting, demo.meeting_id)
        context = tracking_context(meeting=meeting, today=TODAY)
        (out / "tracking.pdf").write_bytes(exports.pdf_bytes(exports.tracking_html(context)))
        (out / "tracking.xlsx").write_bytes(exports.tracking_xlsx(context))
        wang = db.session.get(Participant, demo.people["王喆"])
        record = member_record_context(wang, 2026, today=TODAY)
        (out / "record.pdf").write_bytes(exports.pdf_bytes(exports.member_record_html(record)))
        (out / "minutes.docx").write_bytes(word.minutes_docx(meeting))
        (out / "consensus.docx").write_bytes(word.consensus_docx(meeting))
        db.session.remove()
    return out


# ---------------------------------------------------------------- PDF


@needs("pdfinfo", "pdffonts", "pdftotext")
def test_tracking_pdf_is_landscape_a4_with_embedded_fonts(files):
    pdf = str(files / "tracking.pdf")
    info = run("pdfinfo", pdf)
    assert "841.89 x 595.27" in info and "(A4)" in info
    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    text = flat(run("pdftotext", "-layout", pdf, "-"))
    assert "意见建议办理情况汇总表" in text
    for header in ("序号", "承办单位", "办理状态", "办理时限", "逾期"):
        assert header in text
    for name in ("刘芳华", "杨晓雯", "王喆", "李堃", "许𠮷安", "未交办"):
        assert name in text
    assert text.index("刘芳华") < text.index("王喆") < text.index("许𠮷安")


@needs("pdfinfo", "pdffonts", "pdftotext")
def test_tracking_pdf_passes_the_page_checker_in_landscape(files):
    result = subprocess.run(
        [sys.executable, PDFCHECK, str(files / "tracking.pdf"), "--landscape"]
        + ["--expect", "意见建议办理情况汇总表", "--expect", "许𠮷安"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert "fonts_embedded=yes" in summary and "ok=yes" in summary, result.stdout


@needs("pdftotext", "pdffonts")
def test_member_record_pdf(files):
    pdf = str(files / "record.pdf")
    text = flat(run("pdftotext", pdf, "-"))
    order = [
        "王喆委员2026年度履职档案",
        "参加协商活动情况",
        "提出意见建议",
        "满意度测评",
        "履职积分",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    assert "推进医育结合，守护婴幼儿健康" in text and "积分合计" in text
    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts)


# ---------------------------------------------------------------- XLSX


def test_tracking_xlsx_has_frozen_header_filters_and_real_dates(files):
    sheet = load_workbook(files / "tracking.xlsx").active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == ["序号", "会议日期", "会议", "意见建议", "发言人", "承办单位"]
    assert "答复类别" in headers and "办理时限" in headers and "委员测评" in headers
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    assert sheet.max_row == 11  # header + 10 rows
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    due = headers.index("办理时限")
    late = next(r for r in rows if r[4] == "杨晓雯")
    assert late[due].date().isoformat() == "2026-11-20" and late[headers.index("逾期")] == "是"
    wang = next(r for r in rows if r[4] == "王喆")
    assert wang[headers.index("答复类别")] == "A" and wang[headers.index("委员测评")] == "满意"
    assert sheet.column_dimensions["D"].width >= 30
    assert any(r[4] == "许𠮷安" for r in rows)


# ---------------------------------------------------------------- DOCX


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_minutes_docx_structure(files):
    document = Document(files / "minutes.docx")
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.left_margin]
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 28]
    titles = headings(document)
    # The title breaks where the printed one does (after the comma nearest its middle).
    assert titles[0] == "加快发展普惠托育服务，\n让“幼有所育”更可及"
    level_one = [t for t in titles if t[1:2] == "、"]
    # The printed minutes' structure: one heading per agenda step, the written opinions
    # after the last speeches step, the commitments at the end.
    steps = [title for _kind, title, *_rest in demo_data.AGENDA]
    last_speeches = max(
        n for n, (kind, *_rest) in enumerate(demo_data.AGENDA) if kind == "speeches"
    )
    steps.insert(last_speeches + 1, "书面意见")
    steps.append("承诺事项及完成时限")
    assert level_one == [f"{cn_number(n)}、{title}" for n, title in enumerate(steps, 1)]
    assert any("许𠮷安" in t for t in titles) and any("王喆" in t for t in titles)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "第3期" in text and "出席：" in text and "请假：共青团云溪区委副书记高明远" in text
    assert text.index("承诺事项及完成时限") < text.index("出席：") < text.index("抄送：")
    body = document.styles["Normal"].element.rPr.rFonts
    assert body.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert document.tables and document.tables[0].rows[0].cells[1].text == "承诺事项"


def test_consensus_docx_structure(files):
    document = Document(files / "consensus.docx")
    titles = headings(document)
    assert titles[0].endswith("协商成果的报告")
    assert [t for t in titles if t[1:2] == "、"] == [
        "一、协商共识",
        "二、主要意见建议",
        "三、责任单位",
        "四、承诺事项及完成时限",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "中共云溪区委、云溪区人民政府：" in text
    assert "把发展普惠托育作为重要民生实事" in text


@needs("libreoffice", "pdftotext")
@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "minutes",
            ["政协云溪区委员会", "第3期", *[title for _kind, title, *_ in demo_data.AGENDA]]
            + ["会议形成以下共识", "承诺事项", "出席：", "王喆", "请假：", "抄送："],
        ),
        (
            "consensus",
            ["协商成果的报告", "协商共识", "主要意见建议", "普惠托育", "责任单位", "承诺事项"],
        ),
    ],
)
def test_docx_converts_in_libreoffice_with_the_same_content(files, tmp_path, name, expected):
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(files / f"{name}.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists()
    assert "(A4)" in run("pdfinfo", str(pdf))
    text = flat(run("pdftotext", str(pdf), "-"))
    positions, at = [], 0
    for item in expected:
        at = text.find(flat(item), at)
        positions.append(at)
    assert -1 not in positions, list(zip(expected, positions, strict=True))
