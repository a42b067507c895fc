"""Read a .docx speech into plain text: one line per paragraph, list numbers kept.

Word's automatic numbering is not in the paragraph text ("加强培训" for a paragraph Word
shows as "（一）加强培训"), so the numbering definitions are read (w:numPr on the paragraph
or its style chain -> w:num -> w:abstractNum -> w:lvl numFmt/lvlText) and the markers
synthesised, counting per list and level as Word does.

The package is read through common.uploads, streamed part by part under its limits (size,
paragraphs, characters, time), never with python-docx: a small file may hold a hundred
thousand paragraphs, a DTD, or numbering values such as w:start="abc".
"""

from collections.abc import Iterator
from typing import IO

from flask_babel import gettext as _
from lxml import etree

from common.uploads import (
    DamagedFile,
    Limits,
    Package,
    bounded_int,
    configured_limits,
    damaged,
    local,
    open_package,
    related,
    release,
    too_large,
)
from opinions.suggestions import chinese_number

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
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_START = 32767  # Word's own largest list start
MAX_LEVEL = 8  # levels 0..8
MAX_LEVEL_TEXT = 64  # Word allows far less; a longer lvlText would repeat on every item
MAX_STYLE_CHAIN = 30  # basedOn steps followed (a cycle must not loop)
RUN_TEXT = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


class UnreadableDocx(DamagedFile):
    """The upload is not a Word .docx file (not a zip, no document part, broken XML)."""


def format_number(n: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS and n >= 0:
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)  # decimal, decimalFullWidth, decimalZero and the rest


def _roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    values += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, symbol in values:
        count, n = divmod(n, value)
        out += symbol * count
    return out


class Numbering:
    """The document's list definitions: (numId, ilvl) -> (start, numFmt, lvlText)."""

    def __init__(self, levels: dict[tuple[str, int], tuple[int, str, str]] | None = None):
        self.levels = levels or {}
        self.counters: dict[str, dict[int, int]] = {}

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


def _val(node: etree._Element | None, tag: str) -> str | None:
    child = node.find(W + tag) if node is not None else None
    return child.get(W + "val") if child is not None else None


def _num_pr(p_pr: etree._Element | None) -> tuple[str | None, str | None] | None:
    """(numId, ilvl) of a w:pPr's w:numPr as written, None when it has none."""
    num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
    if num_pr is None:
        return None
    return _val(num_pr, "numId"), _val(num_pr, "ilvl")


def read_numbering(package: Package, name: str | None) -> Numbering:
    abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
    nums: dict[str, str] = {}
    levels: dict[int, tuple[int, str, str]] = {}
    for element in package.elements(name):
        tag = local(element.tag)
        if tag == "lvl":
            ilvl = bounded_int(element.get(W + "ilvl"), -1, -1, MAX_LEVEL + 1)
            text = _val(element, "lvlText") or ""
            if 0 <= ilvl <= MAX_LEVEL and len(text) <= MAX_LEVEL_TEXT:
                start = bounded_int(_val(element, "start"), 1, 0, MAX_START)
                levels[ilvl] = (start, (_val(element, "numFmt") or "decimal")[:40], text)
            release(element)
        elif tag == "abstractNum":
            abstract[element.get(W + "abstractNumId") or ""] = levels
            levels = {}
            release(element)
        elif tag == "num":
            nums[element.get(W + "numId") or ""] = _val(element, "abstractNumId") or ""
            release(element)
    found = {
        (num_id, ilvl): level
        for num_id, abstract_id in nums.items()
        for ilvl, level in abstract.get(abstract_id, {}).items()
    }
    return Numbering(found)


class Styles:
    """Paragraph styles: id -> (basedOn, numPr), and the default paragraph style."""

    def __init__(self, package: Package, name: str | None):
        self.styles: dict[str, tuple[str | None, tuple[str | None, str | None] | None]] = {}
        self.default: str | None = None
        for element in package.elements(name):
            if local(element.tag) != "style":
                continue
            if element.get(W + "type") == "paragraph":
                style_id = element.get(W + "styleId") or ""
                based_on = _val(element, "basedOn")
                self.styles[style_id] = (based_on, _num_pr(element.find(W + "pPr")))
                if element.get(W + "default") in ("1", "true", "on"):
                    self.default = style_id
            release(element)

    def num_pr(self, style_id: str | None) -> tuple[str | None, str | None] | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(seen) < MAX_STYLE_CHAIN:
            seen.add(style_id)
            based_on, num_pr = self.styles.get(style_id, (None, None))
            if num_pr is not None:
                return num_pr
            style_id = based_on
        return None


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        tag = local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "br":
            parts.append("\n" if child.get(W + "type", "textWrapping") == "textWrapping" else "")
        else:
            parts.append(RUN_TEXT.get(tag, ""))
    return "".join(parts)


def _paragraph_text(paragraph: etree._Element) -> str:
    """What python-docx calls the paragraph's text: its runs, hyperlinks' runs included."""
    parts = []
    for child in paragraph:
        tag = local(child.tag)
        if tag == "r":
            parts.append(_run_text(child))
        elif tag == "hyperlink":
            parts.extend(_run_text(run) for run in child if local(run.tag) == "r")
    return "".join(parts)


def _paragraph_list(paragraph: etree._Element, styles: Styles) -> tuple[str, int] | None:
    """The paragraph's list (numId, level), from the paragraph or else its style chain."""
    p_pr = paragraph.find(W + "pPr")
    found = _num_pr(p_pr)
    if found is None:
        found = styles.num_pr(_val(p_pr, "pStyle") or styles.default)
    if found is None or found[0] is None or found[0] == "0":
        return None  # no list, or numbering switched off
    return found[0], bounded_int(found[1], 0, 0, MAX_LEVEL)


def _lines(package: Package, name: str, styles: Styles, numbering: Numbering) -> Iterator[str]:
    """Body paragraphs and those of table cells, in document order, one line each."""
    limits, budget = package.budget.limits, package.budget
    paragraphs = 0
    elements = package.elements(name)
    first = next(elements, None)
    if first is None:
        return
    package.root_is(first, "document")  # e.g. a workbook renamed .docx
    for element in _chain(first, elements):
        tag = local(element.tag)
        parent = element.getparent()
        parent_tag = local(parent.tag) if parent is not None else ""
        if tag == "p" and parent_tag in ("body", "tc"):
            paragraphs += 1
            if paragraphs > limits.paragraphs:
                raise too_large(_("more than %(n)d paragraphs", n=limits.paragraphs))
            text = _paragraph_text(element).strip()
            if text:
                found = _paragraph_list(element, styles)
                if found is not None:
                    marker = numbering.marker(*found)
                    text = marker + text if marker and not text.startswith(marker) else text
                budget.add_characters(len(text) + 1)
                yield text
        if tag in ("p", "tr", "tbl") or parent_tag == "body":
            release(element)


def _chain(first: etree._Element, rest: Iterator[etree._Element]) -> Iterator[etree._Element]:
    yield first
    yield from rest


def docx_to_text(source: bytes | IO[bytes], limits: Limits | None = None) -> str:
    """The document's paragraphs (tables included, in order), numbered as Word shows them.

    UnreadableDocx for a file that is not a .docx; UploadRejected (413/422) for one that
    passes a limit or carries a DTD."""
    data = source if isinstance(source, bytes) else source.read()
    kind = _("a Word document (.docx)")
    try:
        package = open_package(data, kind, limits or configured_limits())
        main = related(package, "", "officeDocument")
        if main is None:
            raise damaged(kind)
        styles = Styles(package, related(package, main, "styles"))
        numbering = read_numbering(package, related(package, main, "numbering"))
        return "\n".join(_lines(package, main, styles, numbering))
    except DamagedFile as error:
        if isinstance(error, UnreadableDocx):
            raise
        raise UnreadableDocx(error.message) from None
