"""Read a .docx speech into plain text: one line per paragraph, list numbers kept.

Word's automatic numbering is not in the paragraph text (python-docx returns "加强培训"
for a paragraph Word shows as "（一）加强培训"), so the numbering definitions are read
(w:numPr on the paragraph or its style -> w:num -> w:abstractNum -> w:lvl numFmt/lvlText)
and the markers synthesised, counting per list and level as Word does.
"""

import io
import zipfile
from typing import IO, Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from meetings.opinion_suggestions import chinese_number

CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class UnreadableDocx(ValueError):
    """The upload is not a Word .docx file python-docx can open."""


def format_number(n: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS:
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)  # decimal, decimalFullWidth, decimalZero and the rest


def _roman(n: int) -> str:
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, symbol in values:
        while n >= value:
            out += symbol
            n -= value
    return out


class Numbering:
    """The document's list definitions: (numId, ilvl) -> (start, numFmt, lvlText)."""

    def __init__(self, document: Any):
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(_val(lvl, "w:start") or 1),
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num, "w:abstractNumId")
            for ilvl, level in abstract.get(abstract_id, {}).items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def marker(self, num_id: str, ilvl: int) -> str:
        """The next number of this list at this level, formatted as Word shows it."""
        level = self.levels.get((num_id, ilvl))
        if level is None:
            return ""
        start, fmt, text = level
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new parent item restarts its children
        if fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                k_level = self.levels.get((num_id, k), level)
                value = counters.get(k, k_level[0])
                text = text.replace(placeholder, format_number(value, k_level[1]))
        return text


def _val(node: Any, tag: str) -> str | None:
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """The paragraph's list (numId, level), from the paragraph or else its style chain."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_ppr = style.element.pPr
        num_pr = style_ppr.numPr if style_ppr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None  # numbering switched off
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return num_id, int(ilvl)


def docx_to_text(source: bytes | IO[bytes]) -> str:
    """The document's paragraphs (tables included, in order), numbered as Word shows them."""
    data = source if isinstance(source, bytes) else source.read()
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocx(str(error)) from None
    numbering = Numbering(document)
    lines: list[str] = []
    for paragraph in _paragraphs(document):
        text = paragraph.text.strip()
        if not text:
            continue
        found = _num_pr(paragraph)
        if found is not None:
            marker = numbering.marker(*found)
            text = marker + text if marker and not text.startswith(marker) else text
        lines.append(text)
    return "\n".join(lines)


def _paragraphs(document: Any):
    """Body paragraphs and the paragraphs of table cells, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            yield Paragraph(block, document)
        elif block.tag == qn("w:tbl"):
            for row in Table(block, document).rows:
                for cell in row.cells:
                    yield from cell.paragraphs
