"""Minutes and consensus report as DOCX for offices that edit in Word or WPS.

minutes_docx(meeting) / consensus_docx(meeting) -> bytes
"""

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from common.errors import FORBIDDEN_CHARACTERS

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_LOCALE = "zh_CN"

# ---------------------------------------------------------------- DOCX
# Offices edit the minutes in Word or WPS: the DOCX keeps the GB/T 9704 page (A4, text block
# 156 x 225 mm, 16 pt body on a 22-line grid) and names the faces Chinese offices have.
# DOCX_FONTS in the app config replaces any of them (e.g. "方正仿宋_GBK").

DEFAULT_DOCX_FONTS = {"song": "宋体", "hei": "黑体", "kai": "楷体", "fang": "仿宋"}
LATIN_FONT = "Times New Roman"
LINE_PITCH = Pt(225 / 22 * 72 / 25.4)  # one line of the 22-line grid (about 28.95 pt)


def docx_fonts() -> dict[str, str]:
    return {**DEFAULT_DOCX_FONTS, **(current_app.config.get("DOCX_FONTS") or {})}


def _set_font(target, face: str, size: float | None = None, bold: bool | None = None) -> None:
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


def _page_number(paragraph, align) -> None:
    """ "— N —" with a PAGE field, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(14)
    _set_font(paragraph.add_run("— "), docx_fonts()["song"], 14)
    run = paragraph.add_run()
    _set_font(run, docx_fonts()["song"], 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    _set_font(paragraph.add_run(" —"), docx_fonts()["song"], 14)


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
    _set_font(normal, fonts["fang"], 16)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    for name, face, size, bold in (
        ("Title", fonts["song"], 22, True),
        ("Heading 1", fonts["hei"], 16, False),
        ("Heading 2", fonts["kai"], 16, False),
    ):
        style = styles[name]
        _set_font(style, face, size, bold)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        if name == "Title":  # one blank grid line under the title
            fmt.space_after = LINE_PITCH
        fmt.keep_with_next = True
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:
        styles["Title"].element.pPr.remove(title_border)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    return document


def _body(document, text: str, indent: bool = True, face: str | None = None):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    run = paragraph.add_run(text)
    if face:
        _set_font(run, face)
    return paragraph


def _labelled(document, label: str, text: str) -> None:
    """出席：…… in Hei, names in the body face, wrapped lines aligned after the colon."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(16 * (len(label) + 1))
    fmt.first_line_indent = -Pt(16 * (len(label) + 1))
    _set_font(paragraph.add_run(f"{label}："), docx_fonts()["hei"])
    paragraph.add_run(text)


def _docx_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _heading(document, number: int, text: str, level: int = 1) -> None:
    from reports.documents import cn_number

    prefix = f"{cn_number(number)}、" if level == 1 else f"（{cn_number(number)}）"
    document.add_heading(prefix + text, level=level)


def _commitment_table(document, rows: list[dict]) -> None:
    headers = [_("Row number"), _("Commitment"), _("Responsible department"), _("Due date")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
    for cell, text in zip(head.cells, headers, strict=True):
        _set_font(cell.paragraphs[0].add_run(text), docx_fonts()["hei"], 12)
    for n, row in enumerate(rows, 1):
        cells = table.add_row().cells
        values = [str(n), row["text"], row["department"], row["due_date"]]
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].paragraph_format.line_spacing = Pt(18)
            _set_font(cell.paragraphs[0].add_run(text), docx_fonts()["fang"], 12)


def _red_header(document, doc: dict, name: str) -> None:
    for text, size in ((doc["committee_name"], 26), (name, 26)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        _set_font(run, docx_fonts()["song"], size, True)
        run.font.color.rgb = RGBColor(0xCC, 0, 0)
    if doc.get("issue_number"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(_("Issue %(n)s", n=doc["issue_number"]))


def _xml_safe(value):
    """DOCX is XML: control characters in stored text (older or imported data) are dropped."""
    if isinstance(value, str):
        return FORBIDDEN_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list) or type(value) is tuple:
        return type(value)(_xml_safe(item) for item in value)
    return value


def minutes_docx(meeting) -> bytes:
    """会议纪要 as an editable DOCX, the same sections as the printed minutes."""
    from reports.documents import minutes_context

    with force_locale(DOCUMENT_LOCALE):
        doc = _xml_safe(minutes_context(meeting))
        document = new_docx()
        _red_header(document, doc, _("Invite-to-consult activity minutes"))
        document.add_heading(doc["title"], level=0)
        _body(document, _("Time: %(date)s %(time)s", date=doc["date"], time=doc["time"]))
        _body(document, _("Venue: %(venue)s", venue=doc["venue"]))
        _body(document, _("Chaired by: %(chair)s", chair=doc["chair"]))
        section = 1
        _heading(document, section, _("Course of the meeting"))
        for n, item in enumerate(doc["agenda"], 1):
            who = f"（{item['presenter_line']}）" if item["presenter_line"] else ""
            _body(document, f"{n}. {item['title']}{who}")
        section += 1
        _heading(document, section, _("Speeches"))
        n = 0
        for n, speaker in enumerate(doc["speakers"], 1):
            _heading(document, n, speaker["line"], level=2)
            for opinion in speaker["opinions"]:
                _body(document, opinion["title"])
                for text in opinion["body"] + opinion["suggestions"]:
                    _body(document, text)
        for m, opinion in enumerate(doc["written"], n + 1):
            _heading(document, m, f"{opinion['speaker_line']}{_('(written)')}", level=2)
            _body(document, opinion["title"])
            for text in opinion["body"] + opinion["suggestions"]:
                _body(document, text)
        if doc["responses"]:
            section += 1
            _heading(document, section, _("Department responses"))
            for n, entry in enumerate(doc["responses"], 1):
                _heading(document, n, entry["department_full"], level=2)
                for reply in entry["replies"]:
                    _body(
                        document,
                        _(
                            "On “%(title)s” (%(speaker)s):",
                            title=reply["opinion_title"],
                            speaker=reply["speaker"],
                        ),
                    )
                    for text in reply["text"]:
                        _body(document, text)
        if doc["statements"] or doc["summaries"]:
            section += 1
            _heading(document, section, _("Leaders' statements"))
            for item in doc["statements"] + doc["summaries"]:
                _body(document, item["title"])
                for text in item["notes"]:
                    _body(document, text)
        if doc["consensus"]:
            section += 1
            _heading(document, section, _("Consensus"))
            for point in doc["consensus"]:
                for text in point["text"]:
                    _body(document, f"{point['number']}. {text}")
        if doc["commitments"]:
            section += 1
            _heading(document, section, _("Commitments"))
            _commitment_table(document, doc["commitments"])
        _body(document, "")
        for key, label in (
            ("present", _("Present")),
            ("observers", _("Sitting in")),
            ("excused", _("On leave")),
        ):
            if doc["attendance"][key]:
                _labelled(document, label, "、".join(doc["attendance"][key]))
        return _docx_bytes(document)


def consensus_docx(meeting) -> bytes:
    """协商成果报告 as an editable DOCX, the same sections as the printed report."""
    from reports.documents import consensus_context

    with force_locale(DOCUMENT_LOCALE):
        doc = _xml_safe(consensus_context(meeting))
        document = new_docx()
        document.add_heading(
            _("Report on the results of the consultation on “%(title)s”", title=doc["title"]),
            level=0,
        )
        if doc["addressee"]:
            _body(document, f"{doc['addressee']}：", indent=False)
        _body(
            document,
            _(
                "On %(date)s %(committee)s held a consultation on “%(title)s”: %(speakers)s"
                " people put forward %(opinions)s opinions. The results are reported below.",
                date=doc["date"],
                committee=doc["committee_name"],
                title=doc["title"],
                speakers=doc["speaker_count"],
                opinions=doc["opinion_count"],
            ),
        )
        _heading(document, 1, _("Consensus"))
        for point in doc["consensus"]:
            for text in point["text"]:
                _body(document, f"{point['number']}. {text}")
        _heading(document, 2, _("Key suggestions"))
        for n, group in enumerate(doc["themes"], 1):
            _heading(document, n, group["theme"] or _("Other suggestions"), level=2)
            for opinion in group["opinions"]:
                _body(document, f"{opinion['title']}（{opinion['speaker']}）")
                for text in opinion["suggestions"]:
                    _body(document, text)
        _heading(document, 3, _("Responsible departments"))
        for entry in doc["departments"]:
            handled = "；".join(
                f"{label}：{'、'.join(titles)}"
                for label, titles in ((_("lead"), entry["lead"]), (_("co-handling"), entry["co"]))
                if titles
            )
            _body(document, f"{entry['department']}　{handled}")
        if doc["commitments"]:
            _heading(document, 4, _("Commitments"))
            _commitment_table(document, doc["commitments"])
        _body(document, "")
        for text in (doc["committee_name"], doc["date"]):
            paragraph = _body(document, text, indent=False)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return _docx_bytes(document)
