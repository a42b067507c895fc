"""The app finds its fonts itself; REPORT_FONTS overrides them; subsets hold exactly the
document's characters and are cached by font file and charset."""

import os
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reports import fonts, subsets
from tests.reports.engine.conftest import HANAZONO_ONLY, RARE

ROLES = ["song", "song_bold", "hei", "hei_bold", "kai", "fang"]


def test_every_role_has_an_installed_face():
    found = fonts.find_fonts({})
    for role in ROLES:
        face = found.face(role)
        assert os.path.isfile(face.path), role
    assert "NotoSerifCJK" in found.face("song").path
    assert "NotoSansCJK" in found.face("hei").path
    assert "Bold" in found.face("song_bold").path
    assert "Fandol" in found.face("fang").path
    kai = found.face("kai").path
    assert "ukai" in kai or "WenKai" in kai


def test_noto_collections_use_the_simplified_chinese_face():
    found = fonts.find_fonts({})
    for role in ("song", "hei"):
        face = found.face(role)
        assert face.path.endswith(".ttc")
        names = TTFont(face.path, fontNumber=face.index, lazy=True)["name"]
        assert "SC" in names.getDebugName(1), names.getDebugName(1)


def test_every_rare_character_has_a_face_in_the_chain():
    found = fonts.find_fonts({})
    chain = [found.face("fang"), *found.fallback]
    for char in RARE + HANAZONO_ONLY:
        assert any(ord(char) in subsets.coverage(face) for face in chain), char
    assert any("HanaMinB" in face.path for face in found.fallback)


def test_report_fonts_config_overrides_the_found_faces():
    kai = fonts.find_fonts({}).face("kai")
    configured = fonts.find_fonts({"fang": kai.path, "song": (kai.path, kai.index)})
    assert configured.face("fang") == fonts.Face(kai.path, 0)
    assert configured.face("song") == kai
    assert configured.face("hei") == fonts.find_fonts({}).face("hei")


def test_report_fonts_naming_a_missing_file_is_a_clear_error():
    with pytest.raises(fonts.FontsMissing, match="does not exist"):
        fonts.find_fonts({"fang": "/nonexistent/FZFangSong.ttf"})


def test_subset_holds_exactly_the_requested_characters_and_is_cached(tmp_path):
    face = fonts.find_fonts({}).face("song")
    chars = {ord(c) for c in "政协会议" + RARE}
    path = subsets.subset_file(face, chars, tmp_path)
    cmap = TTFont(path).getBestCmap()
    assert set(cmap) == chars
    assert all(glyph != ".notdef" for glyph in cmap.values())
    assert path.stat().st_size < 100_000
    inode = path.stat().st_ino
    assert subsets.subset_file(face, sorted(chars, reverse=True), tmp_path) == path
    assert path.stat().st_ino == inode  # not made again
    other = subsets.subset_file(face, chars | {ord("纪")}, tmp_path)
    assert other != path
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_plan_gives_fallback_faces_only_what_a_primary_lacks():
    found = fonts.find_fonts({})
    rules = subsets.plan_rules(found, "政协委员" + RARE + HANAZONO_ONLY)
    fang = next(r for r in rules if r.family == "XST Fang")
    assert ord("政") in fang.codepoints
    assert not {ord(c) for c in RARE} & fang.codepoints  # Fandol Fang is GB 2312 only
    fallbacks = [r for r in rules if r.family.startswith("XST Fallback")]
    covered = set().union(*(r.codepoints for r in fallbacks))
    assert {ord(c) for c in RARE + HANAZONO_ONLY} <= covered
    assert ord("政") not in covered
    for a in fallbacks:  # disjoint
        for b in fallbacks:
            assert a is b or not (a.codepoints & b.codepoints) - subsets.WHITESPACE


def test_font_css_names_the_four_families():
    css = subsets.font_css()
    for family in fonts.FAMILIES:
        assert f'font-family:"{family}"' in css
    assert css.startswith(subsets.FONT_CSS_BEGIN)
    assert "local(" in css


def test_font_css_for_text_points_at_cached_subsets(app):
    css = subsets.font_css("政协" + RARE)
    urls = [part.split('")')[0] for part in css.split('url("')[1:]]
    assert urls
    cache = fonts.font_cache_dir()
    for url in urls:
        path = Path(url.removeprefix("file://"))
        assert path.parent == cache and path.is_file()


def test_subset_key_follows_the_font_file_mtime(tmp_path):
    source = fonts.find_fonts({}).face("fang")
    copy = tmp_path / "fang.otf"
    copy.write_bytes(Path(source.path).read_bytes())
    face = fonts.Face(str(copy), 0)
    cache = tmp_path / "cache"
    first = subsets.subset_file(face, {ord("政")}, cache)
    os.utime(copy, ns=(1, 1))
    assert subsets.subset_file(face, {ord("政")}, cache) != first


def test_subset_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(subsets, "SUBSET_FILES_KEPT", 4)
    face = fonts.find_fonts({}).face("fang")
    made = [subsets.subset_file(face, {ord(c)}, tmp_path) for c in "一二三四五六"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) <= 4
    assert made[-1].name in left
