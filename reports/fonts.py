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
its face index, and subsetting (reports.subsets) extracts that one face into a standalone
font file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    found: list[tuple[int, str, int]] = []
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
    _, best_path, best_index = min(found)
    return best_path, best_index


def _find(candidates: list[tuple[str, int, list[tuple[str, int]]]]) -> Face | None:
    for family, weight, known in candidates:
        for path, index in known:
            if os.path.isfile(path):
                return Face(path, index)
        hit = _fc_list(family, weight)
        if hit and os.path.isfile(hit[0]):
            return Face(*hit)
    return None


def _configured(value: Any) -> Face:
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
def _discover(config_key: tuple[Any, ...]) -> FontSet:
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


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def find_fonts(config: Mapping[str, Any] | None = None) -> FontSet:
    """The faces to print with: REPORT_FONTS from the app config, else what is installed."""
    if config is None:
        config = _app_config().get("REPORT_FONTS") or {}
    return _discover(_freeze(dict(config)))


def _app_config() -> Mapping[str, Any]:
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else {}


def font_cache_dir() -> Path:
    """instance/report-fonts (or a temp folder outside an app)."""
    from flask import current_app, has_app_context

    if has_app_context():
        return Path(current_app.instance_path) / "report-fonts"
    import tempfile

    return Path(tempfile.gettempdir()) / "xieshang-report-fonts"
