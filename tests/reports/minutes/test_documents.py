"""The demo meeting's minutes and consensus report, rendered once per module, checked the
way a reader would: text in order, fonts embedded, A4, page numbers, rare names, page 1."""

import re
import subprocess
import sys

import pytest
from PIL import Image
from sqlalchemy import event

from demo import data, workflow_data
from extensions import db
from reports import documents
from tests import factories
from tests.reports.engine.conftest import embedded_fonts

PDFCHECK = "/work/shared/tools/pdfcheck.py"
RARE = ["喆", "堃", "珺", "昇", "𠮷"]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(text: str, items: list[str]) -> list[str]:
    """The items missing from `text` or found out of order (empty when all is well)."""
    problems, at = [], 0
    for item in items:
        found = text.find(flat(item), at)
        if found < 0:
            problems.append(item)
        else:
            at = found
    return problems


def speakers_of(ctx: documents.MinutesContext) -> list[dict]:
    """Every speaker row of the minutes, step after step."""
    return [row for item in ctx.agenda for row in item["speakers"]]


def minutes_expectations(ctx: documents.MinutesContext) -> list[str]:
    items = [ctx.issuing_body, "请你来协商", "第3期", ctx.title[:10]]
    for speaker in speakers_of(ctx):
        items.append(speaker["name"])
        for op in speaker["opinions"]:
            items += [op["title"][:12], op["suggestions"][0][:12]]
    items.append("书面意见")
    for op in ctx.written:
        items += [op["speaker"], op["title"][:12]]
    for department in ctx.responses:
        items.append(department["department"])
        for reply in department["replies"]:
            items.append(reply["text"][0][:14])
    items.append("会议形成以下共识")
    items += [point["text"][0][:14] for point in ctx.consensus]
    items += [c["text"][:12] for c in ctx.commitments]
    # The attendee lists follow the body (GB/T 9704 10.3), then the 版记.
    items += ["出席：", *ctx.attendance["present"]]
    items += ["请假：", "高明远"]
    items += ["列席：", *ctx.attendance["observers"]]
    items += ["抄送：", "印发"]
    return items


def test_minutes_show_every_part_in_order(demo_documents):
    doc = demo_documents["minutes"]
    ctx = doc.context
    # The context itself carries the demo's story.
    assert [s["name"] for s in speakers_of(ctx)][:2] == ["刘芳华", "马骁"]
    assert len([op for s in speakers_of(ctx) for op in s["opinions"]]) == 7
    assert [op["speaker"] for op in ctx.written] == ["许𠮷安"]
    assert len(ctx.consensus) == len(workflow_data.CONSENSUS)
    replies = [r for d in ctx.responses for r in d["replies"]]
    assert len(replies) == 6  # submitted replies only: no co-handler input, no draft
    assert any(r["oral"] for r in replies) and any(not r["oral"] for r in replies)
    assert len(ctx.commitments) >= 4  # the demo story grows; each one prints (below)
    assert ctx.attendance["excused"] == ["共青团云溪区委副书记高明远"]
    assert in_order(doc.text, minutes_expectations(ctx)) == []


def test_minutes_follow_the_agenda(demo_documents):
    text = demo_documents["minutes"].text
    ctx = demo_documents["minutes"].context
    titles = [item["title"] for item in ctx.agenda]
    assert titles == [item[1] for item in data.AGENDA]
    assert in_order(text, titles) == []
    # Each step's speakers sit under it, before the next step; the replies under responses.
    bounds = [text.find(flat(title)) for title in titles] + [len(text)]
    for n, item in enumerate(ctx.agenda):
        for row in item["speakers"]:
            assert bounds[n] < text.find(flat(row["line"]), bounds[n]) < bounds[n + 1], row["line"]
    responses = next(n for n, item in enumerate(ctx.agenda) if item["kind"] == "responses")
    first_department = text.find("（一）" + ctx.responses[0]["department"], bounds[responses])
    assert bounds[responses] < first_department < bounds[responses + 1]


def test_suggestions_read_one_two_three(demo_documents):
    first = speakers_of(demo_documents["minutes"].context)[0]["opinions"][0]
    assert [s[:2] for s in first["suggestions"]] == ["一是", "二是", "三是"]
    assert first["suggestions"][-1].endswith("。")
    assert "一是建立普惠托位运营补贴动态调整机制" in demo_documents["minutes"].text


def test_consensus_report_shows_consensus_themes_departments_commitments(demo_documents):
    doc = demo_documents["consensus"]
    ctx = doc.context
    assert ctx.addressee == "中共云溪区委、云溪区人民政府"
    themes = [g["theme"] for g in ctx.themes]
    assert "普惠托育" in themes and "医育结合" in themes
    departments = [d["department"] for d in ctx.departments]
    assert "云溪区卫生健康局" in departments and "云溪区财政局" in departments
    items = ["协商成果的报告", ctx.addressee, "协商共识"]
    items += [p["text"][0][:14] for p in ctx.consensus]
    items.append("主要意见建议")
    for group in ctx.themes:
        items.append(group["theme"])
        items += [op["title"][:10] for op in group["opinions"]]
    items += ["责任单位", *departments, "承诺事项"]
    items += [c["text"][:12] for c in ctx.commitments]
    items += [ctx.issuing_body, "2026年11月30日", "抄送：", "2026年11月30日印发"]
    assert in_order(doc.text, items) == []


@pytest.mark.parametrize("kind", ["minutes", "consensus"])
def test_rare_names_print(demo_documents, kind):
    text = demo_documents[kind].text
    expected = RARE if kind == "minutes" else ["喆", "堃", "𠮷"]
    assert [ch for ch in expected if ch not in text] == []


@pytest.mark.parametrize("kind", ["minutes", "consensus"])
def test_rare_names_have_real_glyphs_not_notdef(demo_documents, kind):
    fonts = embedded_fonts(demo_documents[kind].pdf.read_bytes())
    if not fonts:
        pytest.skip("fonts embedded in a form this check does not read (engine not installed)")
    expected = RARE if kind == "minutes" else ["喆", "堃", "𠮷"]
    missing = [
        ch
        for ch in expected
        if not any(f.getBestCmap().get(ord(ch)) not in (None, ".notdef") for f in fonts)
    ]
    assert missing == []


@pytest.mark.parametrize("kind", ["minutes", "consensus"])
def test_pdf_is_a4_with_fonts_embedded_and_page_numbers(demo_documents, kind):
    pdf = str(demo_documents[kind].pdf)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "595.28 x 841.89 pts (A4)" in info or re.search(r"595\.\d+ x 841\.\d+ pts", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts.stdout
    layout = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True)
    numbers = re.findall(r"—\s*(\d+)\s*—", layout.stdout)
    assert [int(n) for n in numbers] == list(range(1, pages + 1))


@pytest.mark.parametrize("kind", ["minutes", "consensus"])
def test_pdfcheck_passes(demo_documents, kind):
    doc = demo_documents[kind]
    ctx = doc.context
    expect = [ctx.issuing_body, ctx.title[:8]]
    if kind == "minutes":
        expect += ["刘芳华", "王喆", "许𠮷安", "会议形成以下共识", "出席：", "抄送："]
    else:
        expect += ["协商共识", "主要意见建议", "承诺事项", "抄送："]
    result = subprocess.run(
        [sys.executable, PDFCHECK, str(doc.pdf), "--expect", *expect],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    assert "ok=yes" in result.stdout


def test_page_one_renders_to_a_non_blank_image(demo_documents, tmp_path):
    prefix = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(demo_documents["minutes"].pdf),
            str(prefix),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    width, height = image.size
    pixels = [image.getpixel((x, y)) for y in range(0, height, 2) for x in range(0, width, 2)]
    inked = sum(1 for r, g, b in pixels if r < 160 and g < 160 and b < 160)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 100 and b < 100)
    assert inked > len(pixels) * 0.01  # body text, not an empty page
    assert red > 20  # the red masthead and rule


def test_documents_load_in_a_fixed_number_of_queries(app):
    """More opinions, suggestions and consensus points cost no extra queries (no N+1)."""
    from audit.services import acting_as
    from demo.loader import load_demo
    from meetings.models import Invitation
    from opinions import consensus
    from opinions import services as opinions

    with acting_as("demo"):
        meeting = load_demo()
    db.session.commit()

    def count() -> int:
        statements = []

        def record(*_args):
            statements.append(1)

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            documents.minutes_context(meeting)
            documents.consensus_context(meeting)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    before = count()
    with factories.in_committee("云溪区"):  # the additions belong to the demo's district
        speakers = [
            inv.participant for inv in db.session.query(Invitation).filter_by(meeting_id=meeting.id)
        ]
        added = [
            opinions.submit_opinion(
                meeting,
                person,
                {
                    "title": f"补充意见{n}",
                    "channel": "oral",
                    "suggestions": ["甲", "乙"],
                    "themes": ["新主题"],
                },
            )
            for n, person in enumerate(speakers[:4])
        ]
        consensus.add_consensus_point(meeting, "补充共识。", [o.id for o in added])
        db.session.commit()
    # The office's settings and issue-number sequence are read too: a few more, still fixed.
    assert count() == before <= 30


def test_html_sets_the_print_layout(demo_documents):
    html = demo_documents["minutes"].html
    assert "size: A4" in html and "margin: 37mm 26mm 35mm 28mm" in html
    assert "counter(page)" in html and "@bottom-right" in html and "@bottom-left" in html
    assert "table-header-group" in html
