"""The DOCX minutes have the PDF's structure and faces: FangSong body runs (w:eastAsia),
一、 headings in Hei, （一） in Kai, speeches under their steps, attendees after the body,
the 版记 at the end; the office's name from the settings."""

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn

from reports import word
from tests.reports.documents.conftest import (
    BRIEFING,
    COMMITMENT,
    ISSUING_BODY,
    PRINTED_BY,
    STATEMENT,
    in_order,
    meeting_of,
)


def east_asian(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.fixture
def minutes(issued):
    return Document(BytesIO(word.minutes_docx(meeting_of(issued))))


def paragraph_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_docx_minutes_follow_the_printed_structure(minutes):
    text = "".join(paragraph_texts(minutes))
    expected = [
        ISSUING_BODY,
        "“请你来协商”活动纪要",
        "第1期（暂定）",
        "普惠托育服务体系建设",
        "一、县卫健局通报托育服务情况",
        "赵楠（青山县卫生健康局局长）：" + BRIEFING,
        "二、机构代表、家长代表交流发言",
        "（一）刘芳华（青山县阳光托育中心主任）",
        "（二）马骁",
        "（三）李堃",
        "三、政协委员协商发言",
        "（一）王喆（青山县妇幼保健院副院长）",
        "四、书面意见",
        "（一）许𠮷安",
        "五、相关部门回应",
        "六、副县长周启航讲话",
        "周启航（青山县人民政府副县长）：" + STATEMENT[0],
        "七、县政协主席林振声总结",
        "会议形成以下共识",
        "八、承诺事项",
        "出席：政协青山县委员会主席林振声",
        "请假：共青团青山县委副书记高明远",
        "列席：青山县卫生健康局局长赵楠",
        "抄送：县委办公室，县人大常委会办公室，县政府办公室。",
        PRINTED_BY,
    ]
    assert in_order(text, expected) == []
    cells = [cell.text for table in minutes.tables for cell in table._cells]
    assert COMMITMENT in cells


def test_docx_body_runs_are_fangsong_and_headings_hei_and_kai(minutes):
    by_style: dict[str, set] = {}
    body_faces = set()
    for paragraph in minutes.paragraphs:
        faces = {east_asian(run) for run in paragraph.runs if run.text.strip()}
        by_style.setdefault(paragraph.style.name, set()).update(faces)
        if paragraph.style.name == "Normal":
            # Body text is FangSong, lead-ins Kai, attendee labels Hei, the header Song.
            body_faces |= faces
    assert by_style["Heading 1"] == {"黑体"}
    assert by_style["Heading 2"] == {"楷体"}
    assert by_style["Title"] == {"宋体"}
    assert None not in body_faces and "仿宋" in body_faces
    briefing = next(p for p in minutes.paragraphs if BRIEFING in p.text)
    assert [east_asian(r) for r in briefing.runs] == ["楷体", "仿宋"]
    present = next(p for p in minutes.paragraphs if p.text.startswith("出席："))
    assert [east_asian(r) for r in present.runs] == ["黑体", "仿宋"]
    # Wrapped attendee lines align after the colon: a hanging indent of the label's width.
    fmt = present.paragraph_format
    assert fmt.first_line_indent < 0 and fmt.left_indent + fmt.first_line_indent > 0
    assert minutes.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"


def test_docx_imprint_has_the_rules(minutes):
    paragraphs = [p for p in minutes.paragraphs if p.text.strip()]
    copy_to, issued = paragraphs[-2], paragraphs[-1]
    assert copy_to.text.startswith("抄送：") and issued.text.startswith(PRINTED_BY)
    assert issued.text.endswith("印发")
    for paragraph in (copy_to, issued):
        assert paragraph._p.pPr.find(qn("w:pBdr")) is not None


def test_docx_consensus_report_is_addressed_and_dated_the_day_it_is_issued(issued):
    from common.clock import today as office_today
    from reports.documents import cn_date

    document = Document(BytesIO(word.consensus_docx(meeting_of(issued))))
    text = "".join(paragraph_texts(document))
    assert in_order(text, [ISSUING_BODY, "中共青山县委、青山县人民政府：", ISSUING_BODY]) == []
    signature = [p.text for p in document.paragraphs if p.text.strip()]
    assert cn_date(office_today()) in signature
    assert "2026年3月29日" not in signature  # the meeting's date is not the issue date
