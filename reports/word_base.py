"""The GB/T 9704 page and faces in DOCX, for offices that edit in Word or WPS.

A4, text block 156 x 225 mm, 16 pt FangSong body on a 22-line grid, title 22 pt bold Song,
一、 headings in Hei, （一） headings in Kai, "— N —" page numbers outside. Every run names
its East Asian face (w:rFonts w:eastAsia) as well as the style, so Word and WPS show the
same faces whatever their defaults. DOCX_FONTS in the app config replaces any face (e.g.
"方正仿宋_GBK").
"""

from dataclasses import fields, is_dataclass, replace
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from flask import current_app
from flask_babel import gettext as _

from common.errors import FORBIDDEN_CHARACTERS
from reports.formatting import cn_number

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_DOCX_FONTS = {"song": "宋体", "hei": "黑体", "kai": "楷体", "fang": "仿宋"}
LATIN_FONT = "Times New Roman"
LINE_PITCH = Pt(225 / 22 * 72 / 25.4)  # one line of the 22-line grid (about 28.95 pt)
BODY_PT = 16
RED = RGBColor(0xD4, 0, 0)
TEXT_WIDTH = Mm(156)


def docx_fonts() -> dict[str, str]:
    return {**DEFAULT_DOCX_FONTS, **(current_app.config.get("DOCX_FONTS") or {})}


def set_font(target: Any, face: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin and East Asian font of a run or style (w:rFonts w:eastAsia for the Chinese)."""
    font = target.font
    font.name = LATIN_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), face)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme_attr), None)


def run(
    paragraph: Paragraph, text: str, face: str = "fang", size: float | None = None, **kw: Any
) -> Run:
    """A run of `text` in one of the document faces ("fang", "hei", "kai", "song")."""
    piece = paragraph.add_run(text)
    set_font(piece, docx_fonts()[face], size, kw.get("bold"))
    if kw.get("color") is not None:
        piece.font.color.rgb = kw["color"]
    return piece


def _page_number(paragraph: Paragraph, align: Any) -> None:
    """ "— N —" with a PAGE field, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(14)
    run(paragraph, "— ", "song", 14)
    field = run(paragraph, "", "song", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            field._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            field._r.append(instr)
    run(paragraph, " —", "song", 14)


def new_docx() -> DocxDocument:
    """An empty A4 document with the GB/T 9704 margins, styles and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number sits 7 mm below the text block
    fonts = docx_fonts()
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, fonts["fang"], BODY_PT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    for name, face, size, bold in (
        ("Title", fonts["song"], 22, True),
        ("Heading 1", fonts["hei"], BODY_PT, False),
        ("Heading 2", fonts["kai"], BODY_PT, False),
    ):
        style = styles[name]
        set_font(style, face, size, bold)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        if name == "Title":  # one blank grid line under the title
            fmt.space_after = LINE_PITCH
        else:  # headings stand two characters in, like the PDF's
            fmt.first_line_indent = Pt(2 * BODY_PT)
        fmt.keep_with_next = True
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:
        styles["Title"].element.pPr.remove(title_border)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    return document


def body(
    document: DocxDocument, text: str = "", indent: bool = True, lead_in: str = ""
) -> Paragraph:
    """A body paragraph (FangSong), two characters in; `lead_in` first, in Kai."""
    paragraph: Paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    if lead_in:
        run(paragraph, lead_in, "kai")
    if text:
        run(paragraph, text)
    return paragraph


def heading(document: DocxDocument, number: int, text: str, level: int = 1) -> Paragraph:
    """一、 in Hei (level 1) or （一） in Kai (level 2), as the PDF sets them."""
    prefix = f"{cn_number(number)}、" if level == 1 else f"（{cn_number(number)}）"
    paragraph: Paragraph = document.add_paragraph(style=f"Heading {level}")
    run(paragraph, prefix + text, "hei" if level == 1 else "kai")
    return paragraph


def title(document: DocxDocument, lines: list[str]) -> None:
    paragraph = document.add_paragraph(style="Title")
    for n, line in enumerate(lines):
        piece = run(paragraph, line, "song", 22, bold=True)
        if n < len(lines) - 1:
            piece.add_break()


def labelled(document: DocxDocument, label: str, text: str) -> None:
    """出席：…… in Hei, names in the body face, wrapped lines aligned after the colon."""
    paragraph: Paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(BODY_PT * (len(label) + 3))
    fmt.first_line_indent = -Pt(BODY_PT * (len(label) + 1))
    run(paragraph, f"{label}：", "hei")
    run(paragraph, text)


def _border(paragraph: Paragraph, sides: dict[str, float]) -> None:
    """Rules above/below a paragraph; widths in mm (GB/T 9704: 0.35 and 0.25)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, width in sides.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(round(width / 25.4 * 72 * 8)))  # eighths of a point
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    ppr.append(borders)


def red_header(document: DocxDocument, issuing_body: str, name: str, issue_line: str) -> None:
    """发文机关 and the document's name in red, the issue number, the red rule."""
    for text in filter(None, (issuing_body, name)):
        paragraph: Paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(paragraph, text, "song", 26, bold=True, color=RED)
    if issue_line:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(paragraph, issue_line)
    rule = document.add_paragraph()
    ppr = rule._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "1"),
        ("w:color", "D40000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def imprint(document: DocxDocument, imprint: dict[str, Any]) -> None:
    """版记: 抄送 (one character in, wrapped after the colon), 印发机关 and 印发日期 (one
    character from either edge), between rules, in 4号 FangSong."""
    lines = []
    if imprint["copy_to"]:
        paragraph: Paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(14 * 4), -Pt(14 * 3)
        run(paragraph, _("Copied to:") + imprint["copy_to"], size=14)
        lines.append(paragraph)
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(14)
    fmt.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(28), WD_TAB_ALIGNMENT.RIGHT)
    run(paragraph, imprint["printed_by"] + "\t" + imprint["issued_on"], size=14)
    lines.append(paragraph)
    for n, paragraph in enumerate(lines):
        sides = {"top": 0.35 if n == 0 else 0.25}
        if n == len(lines) - 1:
            sides["bottom"] = 0.35
        _border(paragraph, sides)


def commitment_table(document: DocxDocument, rows: list[dict[str, Any]]) -> None:
    headers = [_("Row number"), _("Commitment"), _("Responsible department"), _("Due date")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
    for cell, text in zip(head.cells, headers, strict=True):
        run(cell.paragraphs[0], text, "hei", 12)
    for n, row in enumerate(rows, 1):
        cells = table.add_row().cells
        values = [str(n), row["text"], row["department"], row["due_date"]]
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].paragraph_format.line_spacing = Pt(18)
            run(cell.paragraphs[0], text, "fang", 12)


def xml_safe(value: Any) -> Any:
    """DOCX is XML: control characters in stored text (older or imported data) are dropped."""
    if isinstance(value, str):
        return FORBIDDEN_CHARACTERS.sub("", value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: xml_safe(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list) or type(value) is tuple:
        return type(value)(xml_safe(item) for item in value)
    return value


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
