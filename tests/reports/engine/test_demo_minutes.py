"""The demo meeting's minutes through the engine: only the report subsets are embedded
(a system font would be embedded whole and slow everything down), every font embedded,
and the rare names of the demo roster in the text layer."""

import pytest

from audit.services import acting_as
from demo.loader import load_demo
from extensions import db
from reports.pdf import render_pdf
from tests import factories
from tests.reports.engine.conftest import RARE, embedded_fonts, pdffonts, run

documents = pytest.importorskip("reports.documents")


@pytest.fixture(scope="module")
def minutes_pdf(session_app, tmp_path_factory):
    path = tmp_path_factory.mktemp("minutes") / "minutes.pdf"
    with session_app.app_context():
        try:
            with acting_as("demo"):
                meeting = load_demo()
                db.session.commit()
            path.write_bytes(render_pdf(documents.render_document("minutes", meeting)))
        finally:
            factories.empty_tables()
    return path


def test_only_report_subsets_are_embedded(minutes_pdf):
    rows = pdffonts(minutes_pdf)
    assert rows
    assert all(embedded for _, embedded in rows)
    assert all("+XST-" in name for name, _ in rows), rows
    assert minutes_pdf.stat().st_size < 3_000_000


def test_rare_names_print_with_real_glyphs(minutes_pdf):
    text = "".join(run("pdftotext", str(minutes_pdf), "-").split())
    fonts = embedded_fonts(minutes_pdf.read_bytes())
    for char in RARE:
        assert char in text, char
        assert any(font.getBestCmap().get(ord(char)) not in (None, ".notdef") for font in fonts), (
            char
        )
