"""The minutes as a clerk issues them: the office's name and numbers, every speech under the
step where it was made, what was said in each step, attendees after the body, the 版记 at
the foot of the last page; the draft marked 草稿 on every page and the finalised PDF not."""

import subprocess
import sys

import pytest

from common.clock import today as office_today
from extensions import db
from reports import documents, finalise
from tests.reports.documents.conftest import (
    BRIEFING,
    COMMITMENT,
    ISSUING_BODY,
    PRINTED_BY,
    STATEMENT,
    SUMMARY,
    in_order,
    meeting_of,
    page_texts,
    pdftotext,
)

PDFCHECK = "/work/shared/tools/pdfcheck.py"


@pytest.fixture
def minutes(issued, tmp_path):
    """The meeting's minutes: the draft PDF, then the finalised one as stored."""
    meeting = meeting_of(issued)
    paths = {"draft": tmp_path / "draft.pdf"}
    paths["draft"].write_bytes(documents.pdf_bytes(documents.render_document("minutes", meeting)))
    with finalise.file_guard() as written:
        result = finalise.finalise_document("minutes", meeting, None, written)
        db.session.commit()
    paths["final"] = finalise.absolute_path(result.report)
    return paths


def pdfcheck(path, *expect) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, PDFCHECK, str(path), "--expect", *expect], capture_output=True, text=True
    )


def test_the_minutes_read_in_the_order_a_clerk_writes_them(minutes):
    text = pdftotext(minutes["final"])
    expected = [
        ISSUING_BODY,
        "“请你来协商”活动纪要",
        "第1期",
        "普惠托育服务体系建设",
        "县卫健局通报托育服务情况",
        "赵楠（青山县卫生健康局局长）：" + BRIEFING,
        # the first speeches step: its own speeches in speaking order, then the one
        # spoken without a step
        "机构代表、家长代表交流发言",
        "（一）刘芳华（青山县阳光托育中心主任）",
        "降低托育运营成本",
        "（二）马骁",
        "（三）李堃",
        "政协委员协商发言",
        "（一）王喆（青山县妇幼保健院副院长）",
        "推进医育结合",
        "书面意见",
        "（一）许𠮷安",
        "培养托育人才",
        "相关部门回应",
        "县卫健局",
        "全力推进。",
        "副县长周启航讲话",
        "周启航（青山县人民政府副县长）：" + STATEMENT[0],
        STATEMENT[1],
        "县政协主席林振声总结",
        SUMMARY,
        "会议形成以下共识",
        "扩大普惠托育服务供给",
        "承诺事项",
        COMMITMENT,
        "出席：政协青山县委员会主席林振声，青山县人民政府副县长周启航",
        "请假：共青团青山县委副书记高明远",
        "列席：青山县卫生健康局局长赵楠",
        "抄送：县委办公室，县人大常委会办公室，县政府办公室。",
        PRINTED_BY,
        documents.cn_date(office_today()) + "印发",
    ]
    assert in_order(text, expected) == []
    assert "政协云溪区委员会" not in text  # the demo's name is nobody's default


def test_the_finalised_minutes_pass_the_page_rules_and_carry_no_draft_mark(minutes):
    result = pdfcheck(minutes["final"], ISSUING_BODY, "出席：", "抄送：", "印发")
    assert result.returncode == 0, result.stdout
    assert "草稿" not in pdftotext(minutes["final"])
    assert "暂定" not in pdftotext(minutes["final"])


def test_the_draft_is_marked_on_every_page_and_only_there(minutes):
    pages = page_texts(minutes["draft"])
    assert len(pages) >= 2
    assert all("草稿" in page for page in pages)
    # The mark sits in the top margin: the only findings of the page check are the marks.
    result = pdfcheck(minutes["draft"], ISSUING_BODY)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert failures and all("'草稿'" in line for line in failures), result.stdout
    # A draft's number is the one the document would get, said to be provisional.
    assert "第1期（暂定）" in pages[0]
    assert minutes["draft"].read_bytes() != minutes["final"].read_bytes()


def test_the_imprint_sits_at_the_foot_of_the_last_page(minutes):
    last = page_texts(minutes["final"])[-1]
    assert last.index("列席：") < last.index("抄送：") < last.index("印发")
    layout = subprocess.run(
        ["pdftotext", "-layout", str(minutes["final"]), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    lines = [line for line in layout[len(page_texts(minutes["final"])) - 1].splitlines()]
    printed = next(n for n, line in enumerate(lines) if "印发" in line)
    number = next(
        n for n, line in enumerate(lines) if "—" in line and line.strip()[1:-1].strip().isdigit()
    )
    attendees = next(n for n, line in enumerate(lines) if "列席：" in line)
    # Blank lines between the attendees and the imprint: it is pushed to the page's foot.
    assert printed < number and printed - attendees > 3
