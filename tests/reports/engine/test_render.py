"""Every rare character prints as a real glyph from an embedded subset; the output is
deterministic; a failed render raises a clear error and leaves no file."""

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from reports import fonts, pdf
from reports.pdf import PdfRenderError, render_pdf, with_fallbacks, write_pdf_file
from tests.reports.engine.conftest import (
    HANAZONO_ONLY,
    RARE,
    embedded_fonts,
    make_document,
    pdffonts,
    run,
)


def test_all_fonts_are_embedded_report_subsets(rendered):
    _, _, path = rendered
    rows = pdffonts(path)
    assert rows
    for name, embedded in rows:
        assert embedded, name
        # only the engine's families: a system font here would be embedded whole
        assert "+XST-" in name, name
    families = {name.split("+", 1)[1].rstrip(",") for name, _ in rows}
    for family in ("XST-Song-Bold", "XST-Hei", "XST-Kai", "XST-Fang", "XST-Fallback-1"):
        assert family in families, families


def test_text_layer_has_every_rare_character(rendered):
    _, _, path = rendered
    text = run("pdftotext", str(path), "-")
    for char in RARE + HANAZONO_ONLY:
        assert char in text, char
    assert "出席：王喆李堃陈珺沈昇许𠮷安" in "".join(text.split())
    assert "—1—" in "".join(text.split())


def test_each_rare_character_maps_to_a_real_glyph_in_an_embedded_font(rendered):
    _, data, _ = rendered
    embedded = embedded_fonts(data)
    assert len(embedded) == len(pdffonts(rendered[2]))
    for char in RARE + HANAZONO_ONLY:
        hits = []
        for font in embedded:
            glyph = font.getBestCmap().get(ord(char))
            if glyph and glyph != ".notdef":
                glyph_set = font.getGlyphSet()
                from fontTools.pens.boundsPen import BoundsPen

                pen = BoundsPen(glyph_set)
                glyph_set[glyph].draw(pen)
                hits.append(pen.bounds is not None)  # has an outline
        assert hits and all(hits), char


def _word_boxes(path, page=1):
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    xml = xml.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml[xml.index("<html") :])
    page_el = next(root.iter("page"))
    width, height = float(page_el.get("width")), float(page_el.get("height"))
    words = [
        (w.text, *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
        for w in root.iter("word")
    ]
    return width, height, words


def test_rare_glyph_areas_are_not_blank_on_the_page_image(rendered, tmp_path):
    _, _, path = rendered
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height, words = _word_boxes(path)
    sx, sy = image.width / width, image.height / height
    boxes = {text: box for text, *box in words if len(text) == 1 and text in RARE}
    assert set(boxes) == set(RARE), boxes
    for char, (x0, y0, x1, y1) in boxes.items():
        crop = image.crop((int(x0 * sx), int(y0 * sy), int(x1 * sx) + 1, int(y1 * sy) + 1))
        dark = sum(crop.histogram()[:128])
        assert dark >= 15, f"{char}: {dark} dark pixels"  # ink where the glyph stands


@pytest.mark.parametrize("trimmed", [False, True])
def test_same_html_gives_the_same_bytes_even_with_fonts_subset_anew(app, trimmed, monkeypatch):
    monkeypatch.setattr(pdf, "weasyprint_subsets_fast", lambda: trimmed)
    html = make_document()
    data = render_pdf(html)
    assert render_pdf(html) == data
    shutil.rmtree(fonts.font_cache_dir())
    assert render_pdf(html) == data
    assert b"/CreationDate" not in data and b"/ModDate" not in data


def test_fallback_chain_is_added_to_font_declarations_only():
    css = (
        '@font-face{font-family:"XST Song";src:url(a)} '
        "p{font-family:'XST Fang', serif} h1{font: bold 22pt XST Song}"
    )
    out = with_fallbacks(css, ["XST Fallback 1", "XST Fallback 2"])
    assert '@font-face{font-family:"XST Song";src:url(a)}' in out
    assert 'p{font-family:"XST Fang", "XST Fallback 1", "XST Fallback 2", serif}' in out
    assert 'font: bold 22pt "XST Song", "XST Fallback 1", "XST Fallback 2"}' in out


def test_a_failed_render_raises_a_clear_error_and_writes_nothing(app, tmp_path, monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    target = tmp_path / "out.pdf"
    with pytest.raises(PdfRenderError, match="could not be rendered: disk on fire"):
        write_pdf_file(make_document(), target)
    assert list(tmp_path.iterdir()) == []


def test_write_pdf_file_stores_the_pdf(app, tmp_path):
    target = tmp_path / "out.pdf"
    data = write_pdf_file("<p>政协</p>", target)
    assert target.read_bytes() == data and data.startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_no_notdef_glyph_is_drawn(app, caplog):
    caplog.set_level("WARNING", logger="weasyprint")
    render_pdf(make_document("<p>许𠮷安 𠀀 喆 堃。</p>"))
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
