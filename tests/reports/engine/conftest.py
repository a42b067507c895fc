"""Fixtures for the PDF engine: a small document using every report family and the
rare characters, rendered once per module, and helpers to look inside PDFs."""

import re
import subprocess
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

RARE = "喆堃珺昇𠮷"
HANAZONO_ONLY = "\U00020000"  # 𠀀: in the Hanazono Mincho fonts, not in Noto CJK

DOCUMENT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title>
<style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-right {{ content: "— " counter(page) " —"; }} }}
body {{ font-family: "XST Fang"; font-size: 16pt; }}
h1 {{ font-family: "XST Song"; font-weight: bold; font-size: 22pt; }}
h2 {{ font-family: "XST Hei"; font-weight: normal; }}
h3 {{ font-family: "XST Kai"; font-weight: normal; }}
</style></head>
<body>
<h1>请你来协商 活动纪要 {rare}</h1>
<h2>一、出席人员 {rare}</h2>
<h3>（一）委员 {rare}</h3>
<p>出席：王喆 李堃 陈珺 沈昇 许𠮷安 {hanazono}</p>
<p class="spaced">{spaced}</p>
{extra}
</body></html>
"""


def make_document(extra: str = "") -> str:
    return DOCUMENT.format(rare=RARE, hanazono=HANAZONO_ONLY, spaced=" ".join(RARE), extra=extra)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def pdffonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font of the PDF."""
    rows = []
    for line in run("pdffonts", str(pdf)).splitlines()[2:]:
        parts = line.split()
        if parts:
            rows.append((parts[0], parts[-5] == "yes"))
    return rows


def embedded_fonts(data: bytes) -> list[TTFont]:
    """The font programs embedded in the PDF (every Flate stream that is an sfnt)."""
    fonts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            body = zlib.decompress(match.group(1))
        except zlib.error:
            body = match.group(1)
        if body[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            fonts.append(TTFont(BytesIO(body)))
    return fonts


@pytest.fixture(scope="module", params=["embedded-as-is", "trimmed-by-weasyprint"])
def rendered(request, session_app, tmp_path_factory):
    """The test document rendered once per module and mode: (html, pdf bytes, pdf path).

    Modes: our subsets embedded as they are (machines without libharfbuzz-subset), and
    trimmed further by WeasyPrint's HarfBuzz subsetting (where it has it).
    """
    from reports import pdf

    trimmed = request.param == "trimmed-by-weasyprint"
    if trimmed and not pdf.weasyprint_subsets_fast():
        pytest.skip("WeasyPrint has no libharfbuzz-subset here")
    folder = tmp_path_factory.mktemp("engine")
    html = make_document()
    with session_app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "weasyprint_subsets_fast", lambda: trimmed)
        data = pdf.render_pdf(html)
    path = folder / "doc.pdf"
    path.write_bytes(data)
    return html, data, path
