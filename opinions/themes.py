"""Themes (主题) of opinions: typed as free text, normalised, one row per spelling."""

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from common.errors import RuleViolation
from extensions import db
from opinions.models import Theme

MAX_THEME = 32
MAX_THEMES = 10
THEME_SEPARATORS = re.compile(r"[,，、;；\n#＃]+")


def normalise_theme(name: str) -> str:
    """'  ＡＩ  教育 ' -> 'AI 教育': full-width folded, spaces collapsed, '#' dropped."""
    name = unicodedata.normalize("NFKC", name or "")
    return " ".join(name.replace("#", " ").split())


def split_themes(text: str | list[str] | None) -> list[str]:
    """Comma-separated (also ，、；) theme names, normalised, first spelling of each kept."""
    parts = THEME_SEPARATORS.split(text) if isinstance(text, str) else list(text or [])
    seen: dict[str, str] = {}
    for part in parts:
        name = normalise_theme(part)
        if not name:
            continue
        if len(name) > MAX_THEME:
            raise RuleViolation(
                _("A theme may have at most %(n)s characters: %(name)s", n=MAX_THEME, name=name)
            )
        seen.setdefault(name.casefold(), name)
    if len(seen) > MAX_THEMES:
        raise RuleViolation(_("An opinion may have at most %(n)s themes.", n=MAX_THEMES))
    return list(seen.values())


def themes_named(names: list[str]) -> list[Theme]:
    """The Theme rows for these names, reusing an existing spelling ('ai' finds 'AI')."""
    if not names:
        return []
    existing = {
        theme.name.casefold(): theme
        for theme in db.session.scalars(
            select(Theme).where(func.lower(Theme.name).in_([n.lower() for n in names]))
        )
    }
    themes = []
    for name in names:
        theme = existing.get(name.casefold())
        if theme is None:
            theme = _new_theme(name)
            existing[name.casefold()] = theme
        themes.append(theme)
    return themes


def _new_theme(name: str) -> Theme:
    """A new theme; if another request created the same name meanwhile, that one (no 500)."""
    theme = Theme(name=name)
    try:
        with db.session.begin_nested():
            db.session.add(theme)
            db.session.flush([theme])
    except IntegrityError:
        existing = db.session.scalar(select(Theme).where(Theme.name == name))
        if existing is None:  # pragma: no cover - the unique clash was not this name
            raise
        return existing
    return theme
