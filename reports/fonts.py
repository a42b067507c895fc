"""Fonts for printed documents: find them, subset them, describe them to WeasyPrint.

The print CSS names four families: "XST Song", "XST Hei", "XST Kai", "XST Fang". Each
maps to one font file (and bold where the face has one); a shared fallback chain
("XST Fallback 1", "XST Fallback 2", ...) holds the faces used for characters the primary
face lacks (Fandol Fang covers GB 2312 only, so 喆 堃 珺 昇 come from Noto Serif CJK;
extension-B characters such as 𠮷 from HanaMinB when no earlier face has them).

The app finds the free fonts installed by the setup (fontconfig, then known Debian
paths); an office with licensed fonts sets REPORT_FONTS in instance/config.py, e.g.
``REPORT_FONTS = {"fang": "/opt/fonts/FZFSK.TTF", "song": ("/opt/fonts/x.ttc", 0)}``
with the keys song, song_bold, hei, hei_bold, kai, fang and fallback (a list).
A value is a path, a (path, face index) pair or {"path": ..., "index": ...}.

Noto CJK ships as .ttc collections (JP, KR, SC, TC, HK faces): every face here carries
its face index, and subsetting extracts that one face into a standalone font file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

log = logging.getLogger(__name__)

# CSS family name -> (regular role, bold role or None)
FAMILIES: dict[str, tuple[str, str | None]] = {
    "XST Song": ("song", "song_bold"),
    "XST Hei": ("hei", "hei_bold"),
    "XST Kai": ("kai", None),
    "XST Fang": ("fang", None),
}
FALLBACK_FAMILY = "XST Fallback {n}"

TEXLIVE_FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
NOTO = "/usr/share/fonts/opentype/noto"

# role -> candidates: (fontconfig family, weight, known paths as (path, index))
CANDIDATES: dict[str, list[tuple[str, int, list[tuple[str, int]]]]] = {
    "song": [("Noto Serif CJK SC", 80, [(f"{NOTO}/NotoSerifCJK-Regular.ttc", 2)])],
    "song_bold": [("Noto Serif CJK SC", 200, [(f"{NOTO}/NotoSerifCJK-Bold.ttc", 2)])],
    "hei": [("Noto Sans CJK SC", 80, [(f"{NOTO}/NotoSansCJK-Regular.ttc", 2)])],
    "hei_bold": [("Noto Sans CJK SC", 200, [(f"{NOTO}/NotoSansCJK-Bold.ttc", 2)])],
    "kai": [
        ("AR PL UKai CN", 80, [("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)]),
        (
            "LXGW WenKai",
            80,
            [("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0)],
        ),
    ],
    "fang": [("FandolFang", 80, [(f"{TEXLIVE_FANDOL}/FandolFang-Regular.otf", 0)])],
}
# The fallback chain, in order: the Song face first (it covers what Fandol Fang lacks),
# then the Hanazono Mincho pair for everything else in CJK, extension B included.
FALLBACK_CANDIDATES: list[tuple[str, int, list[tuple[str, int]]]] = [
    ("Noto Serif CJK SC", 80, [(f"{NOTO}/NotoSerifCJK-Regular.ttc", 2)]),
    ("HanaMinA", 80, [("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0)]),
    ("HanaMinB", 80, [("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0)]),
]
# Stand-ins when a face is not installed (e.g. Fandol Fang without texlive-lang-chinese).
STAND_INS = {"fang": "song", "kai": "song", "song_bold": "song", "hei_bold": "hei", "hei": "song"}


class FontsMissing(RuntimeError):
    """No usable font file for a role (install the setup's font packages)."""


@dataclass(frozen=True)
class Face:
    """One face of one font file."""

    path: str
    index: int = 0

    @property
    def signature(self) -> str:
        """Changes when the file changes: part of every cache key."""
        stat = os.stat(self.path)
        return f"{self.path}|{self.index}|{stat.st_mtime_ns}|{stat.st_size}"


@dataclass(frozen=True)
class FontSet:
    """The faces of one configuration: the four families plus the fallback chain."""

    roles: tuple[tuple[str, Face], ...]
    fallback: tuple[Face, ...]

    def face(self, role: str) -> Face:
        return dict(self.roles)[role]

    @property
    def signature(self) -> str:
        parts = [f"{role}={face.signature}" for role, face in self.roles]
        parts += [f"fallback={face.signature}" for face in self.fallback]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _fc_list(family: str, weight: int) -> tuple[str, int] | None:
    """Ask fontconfig for the file and face index of a family at (about) a weight."""
    try:
        out = subprocess.run(
            ["fc-list", "-f", "%{file}|%{index}|%{weight}\n", f":family={family}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():
        path, index, weights = (line.split("|") + ["", "", ""])[:3]
        try:
            # a variable font lists a range "[40 210]": take its lower end
            face_weight = int(float(weights.strip("[]").split()[0]))
            found.append((abs(face_weight - weight), path, int(index or 0)))
        except (ValueError, IndexError):
            continue
    if not found:
        return None
    _, path, index = min(found)
    return path, index


def _find(candidates: list[tuple[str, int, list[tuple[str, int]]]]) -> Face | None:
    for family, weight, known in candidates:
        for path, index in known:
            if os.path.isfile(path):
                return Face(path, index)
        hit = _fc_list(family, weight)
        if hit and os.path.isfile(hit[0]):
            return Face(*hit)
    return None


def _configured(value) -> Face:
    if isinstance(value, Mapping):
        face = Face(str(value["path"]), int(value.get("index", 0)))
    elif isinstance(value, (tuple, list)):
        face = Face(str(value[0]), int(value[1]))
    else:
        face = Face(str(value), 0)
    if not os.path.isfile(face.path):
        raise FontsMissing(f"REPORT_FONTS names a font file that does not exist: {face.path}")
    return face


@lru_cache(maxsize=8)
def _discover(config_key: tuple) -> FontSet:
    config = dict(config_key)
    roles: dict[str, Face] = {}
    for role in CANDIDATES:
        if role in config:
            roles[role] = _configured(config[role])
        elif face := _find(CANDIDATES[role]):
            roles[role] = face
    for role, stand_in in STAND_INS.items():
        if role not in roles and stand_in in roles:
            log.warning("No %s font installed: %s stands in", role, stand_in)
            roles[role] = roles[stand_in]
    missing = [role for role in CANDIDATES if role not in roles]
    if missing:
        raise FontsMissing(
            "No font for " + ", ".join(missing) + ": install the setup's font packages "
            "(fonts-noto-cjk) or set REPORT_FONTS"
        )
    if "fallback" in config:
        fallback = [_configured(value) for value in config["fallback"]]
    else:
        fallback = [face for c in FALLBACK_CANDIDATES if (face := _find([c])) is not None]
    return FontSet(tuple(roles.items()), tuple(dict.fromkeys(fallback)))


def _freeze(value):
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def find_fonts(config: Mapping | None = None) -> FontSet:
    """The faces to print with: REPORT_FONTS from the app config, else what is installed."""
    if config is None:
        config = _app_config().get("REPORT_FONTS") or {}
    return _discover(_freeze(dict(config)))


def _app_config() -> Mapping:
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else {}


# --- coverage and subsetting ---------------------------------------------------------

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
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)  # atomic: readers never see half a font
    finally:
        tmp.unlink(missing_ok=True)
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
        pairs = [(rule, None) for rule in rules]
    else:
        cache_dir = cache_dir or font_cache_dir()
        pairs = [
            (rule, subset_file(rule.face, rule.codepoints, cache_dir).as_uri())
            for rule in plan_rules(fonts, text)
        ]
    return f"{FONT_CSS_BEGIN}\n{rules_css(pairs)}{FONT_CSS_END}\n"


def font_cache_dir() -> Path:
    """instance/report-fonts (or a temp folder outside an app)."""
    from flask import current_app, has_app_context

    if has_app_context():
        return Path(current_app.instance_path) / "report-fonts"
    import tempfile

    return Path(tempfile.gettempdir()) / "xieshang-report-fonts"
