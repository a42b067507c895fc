"""Font subsets for one document: each face cut to the document's characters, as @font-face.

A document's PDF embeds, for every family of the print CSS (reports.fonts.FAMILIES), a
subset of its face holding exactly the characters the document uses, and fallback faces
for what the primary face lacks. Subsets are cached as files by (font file + mtime, face
index, charset hash) and written atomically; `font_css()` describes them to WeasyPrint
(or, for the browser preview, names the installed faces by local() name).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from common.files import write_atomically
from reports.fonts import FALLBACK_FAMILY, FAMILIES, Face, FontSet, find_fonts, font_cache_dir

log = logging.getLogger(__name__)

_faces_lock = threading.Lock()


@lru_cache(maxsize=32)
def _hb_face(face: Face, signature: str) -> hb.Face:  # signature: reload on change
    return hb.Face(hb.Blob.from_file_path(face.path), face.index)


@lru_cache(maxsize=32)
def _coverage(face: Face, signature: str) -> frozenset[int]:
    return frozenset(_hb_face(face, signature).unicodes)


def coverage(face: Face) -> frozenset[int]:
    """The code points the face maps to a glyph."""
    with _faces_lock:
        return _coverage(face, face.signature)


# Always in every subset (where the face has them): counters and page numbers use
# digits, and generated content may add punctuation the text itself lacks.
ALWAYS = frozenset(
    [*range(0x20, 0x7F), 0xA0, 0x2014, 0x2013, 0x2026, 0x3000, 0x3001, 0x3002]
    + [ord(c) for c in "（）《》“”‘’：；，。、！？—第期页共"]
    + [ord(c) for c in "〇一二三四五六七八九十百"]  # CSS cjk-decimal / simp-chinese counters
)
# In every subset, fallbacks too: Pango may set a space next to a fallback character in
# that character's font.
WHITESPACE = frozenset([0x20, 0xA0, 0x3000])
SUBSET_FILES_KEPT = 2000  # subset files under instance/report-fonts (least recent go)


def subset_bytes(face: Face, codepoints: Iterable[int]) -> bytes:
    """One standalone font (no hinting) holding just these characters of the face."""
    with _faces_lock:
        source = _hb_face(face, face.signature)
    plan = hb.SubsetInput()
    plan.unicode_set.update(sorted(codepoints))
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    result = hb.subset(source, plan)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.path}#{face.index}")
    return bytes(result.blob.data)


def _suffix(face: Face) -> str:
    with _faces_lock:
        tags = _hb_face(face, face.signature).table_tags
    return ".otf" if "CFF " in tags or "CFF2" in tags else ".ttf"


def subset_file(face: Face, codepoints: Iterable[int], cache_dir: Path) -> Path:
    """The cached subset file for (font file + mtime, face index, charset); made if new."""
    chars = sorted(set(codepoints))
    charset_hash = hashlib.sha256(",".join(map(str, chars)).encode()).hexdigest()
    key = hashlib.sha256(f"{face.signature}|{charset_hash}".encode()).hexdigest()[:32]
    path = cache_dir / f"{key}{_suffix(face)}"
    if path.is_file():
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the pruning keeps it
        return path
    _prune(cache_dir)
    data = subset_bytes(face, chars)
    write_atomically(path, data)  # readers never see half a font
    return path


def _prune(cache_dir: Path) -> None:
    """Keep the subset cache bounded: drop the oldest files past SUBSET_FILES_KEPT."""
    try:
        files = [entry for entry in os.scandir(cache_dir) if entry.name[0] != "."]
    except OSError:
        return
    if len(files) < SUBSET_FILES_KEPT:
        return
    files.sort(key=lambda entry: entry.stat().st_mtime)
    for entry in files[: len(files) - SUBSET_FILES_KEPT // 2]:
        Path(entry.path).unlink(missing_ok=True)  # the least recently used half


@dataclass(frozen=True)
class FaceRule:
    """One @font-face rule: a CSS family, weight and the (subset) font file."""

    family: str
    weight: int
    face: Face
    codepoints: frozenset[int]


def plan_rules(fonts: FontSet, text: str) -> list[FaceRule]:
    """The @font-face rules a document with this text needs, each to its characters.

    A primary face gets every character of the text it has; fallback face n gets what
    some primary lacks and fallbacks 1..n-1 do not have. Characters no face has are left
    out (logged): they would print as tofu in any font.
    """
    wanted = frozenset(ord(c) for c in text if ord(c) >= 0x20) | ALWAYS
    rules: list[FaceRule] = []
    missing_somewhere: set[int] = set()
    for family, (regular, bold) in FAMILIES.items():
        for role, weight in ((regular, 400), (bold, 700)):
            if role is None:
                continue
            face = fonts.face(role)
            covered = wanted & coverage(face)
            missing_somewhere |= wanted - covered
            rules.append(FaceRule(family, weight, face, covered))
    still = frozenset(missing_somewhere)
    for n, face in enumerate(fonts.fallback, start=1):
        covered = still & coverage(face)
        if covered:
            spaces = WHITESPACE & coverage(face)
            rules.append(FaceRule(FALLBACK_FAMILY.format(n=n), 400, face, covered | spaces))
            still -= covered
    unprintable = still - ALWAYS
    if unprintable:
        log.warning("No report font has %s", " ".join(f"U+{c:04X}" for c in sorted(unprintable)))
    return rules


def fallback_families(fonts: FontSet) -> list[str]:
    return [FALLBACK_FAMILY.format(n=n) for n in range(1, len(fonts.fallback) + 1)]


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def full_name(face: Face) -> str:
    """The face's full name (name ID 4), as CSS local() wants it."""
    with _faces_lock:
        source = _hb_face(face, face.signature)
    return source.get_name(hb.OTNameIdPredefined.FULL_NAME) or Path(face.path).stem


def rules_css(rules: Iterable[tuple[FaceRule, str | None]]) -> str:
    """@font-face CSS for (rule, URL) pairs; no URL: the installed face by local() name."""
    css = []
    for rule, url in rules:
        src = f"url({_css_string(url)})" if url else f"local({_css_string(full_name(rule.face))})"
        css.append(
            f"@font-face{{font-family:{_css_string(rule.family)};font-weight:{rule.weight};"
            f"font-style:normal;src:{src}}}\n"
        )
    return "".join(css)


FONT_CSS_BEGIN = "/* xst-report-fonts */"
FONT_CSS_END = "/* /xst-report-fonts */"


def font_css(text: str | None = None, cache_dir: Path | None = None) -> str:
    """@font-face rules for "XST Song", "XST Hei", "XST Kai", "XST Fang" and fallbacks.

    Without text (print preview in a browser): rules naming the installed faces by
    local() name, which a browser with those fonts uses and others ignore (falling back
    to their own fonts). reports.pdf.render_pdf replaces this block by rules
    for subsets to the document's characters, so templates may include it freely.
    With text: those subset rules (the files are made and cached in cache_dir).
    """
    fonts = find_fonts()
    if text is None:
        rules = []
        for family, (regular, bold) in FAMILIES.items():
            for role, weight in ((regular, 400), (bold, 700)):
                if role is not None:
                    rules.append(FaceRule(family, weight, fonts.face(role), frozenset()))
        for n, face in enumerate(fonts.fallback, start=1):
            rules.append(FaceRule(FALLBACK_FAMILY.format(n=n), 400, face, frozenset()))
        pairs: list[tuple[FaceRule, str | None]] = [(rule, None) for rule in rules]
    else:
        cache_dir = cache_dir or font_cache_dir()
        pairs = [
            (rule, subset_file(rule.face, rule.codepoints, cache_dir).as_uri())
            for rule in plan_rules(fonts, text)
        ]
    return f"{FONT_CSS_BEGIN}\n{rules_css(pairs)}{FONT_CSS_END}\n"
