"""HTML -> PDF with WeasyPrint, fast and safe.

Naive WeasyPrint with the system Noto CJK fonts spends seconds per page subsetting
20 MB font files (with fontTools, when libharfbuzz-subset is not installed). Here every
face the document can use is first subset with HarfBuzz (uharfbuzz) to exactly the
document's characters, cached under instance/report-fonts by (font file + mtime, face
index, charset hash), handed to WeasyPrint by @font-face, and embedded as it is
(``full_fonts``: WeasyPrint does not subset again).

The URL fetcher serves only the app's static folder, the font cache and data: URLs;
anything else (file:///etc/passwd, http://...) fetches nothing and the render goes on.
Output is deterministic: the same HTML gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
import weasyprint.pdf.fonts as weasyprint_fonts
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from common.files import write_atomically
from reports import fonts, subsets

log = logging.getLogger(__name__)

# Part of every cached PDF's ETag: bump when the output for the same HTML changes.
ENGINE_VERSION = f"xst-pdf-1/weasyprint-{weasyprint.__version__}"

_FONT_BLOCK = re.compile(
    re.escape(subsets.FONT_CSS_BEGIN) + r".*?" + re.escape(subsets.FONT_CSS_END), re.S
)


class PdfRenderError(RuntimeError):
    """The document could not be rendered; nothing was written."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """Serves files under the allowed folders and data: URLs; refuses everything else.

    A refused URL raises URLFetchingError, which WeasyPrint logs and skips (the image
    or stylesheet is simply missing): a hostile URL in user text never aborts a render.
    """

    def __init__(
        self, roots: list[Path], static_url_path: str = "/static", fallbacks: Sequence[str] = ()
    ) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.fallbacks = list(fallbacks)
        self.roots = [root.resolve() for root in roots]
        self.static_root = self.roots[0] if self.roots else None
        self.static_url_path = static_url_path.rstrip("/") + "/"

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
        candidates = [path]
        # url_for('static', ...) gives "/static/x.css": a path from the site root
        if self.static_root and parts.path.startswith(self.static_url_path):
            candidates.append(self.static_root / unquote(parts.path[len(self.static_url_path) :]))
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and any(resolved.is_relative_to(r) for r in self.roots):
                return resolved
        return None

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and (path := self._allowed_path(url)) is not None:
            body = path.read_bytes()
            if path.suffix == ".css":  # the print CSS as a static file: same chain
                body = with_fallbacks(body.decode("utf-8"), self.fallbacks).encode("utf-8")
            return URLFetcherResponse(path.as_uri(), body)
        log.info("PDF render: refused to fetch %s", url[:200])
        raise URLFetchingError(f"not allowed in printed documents: {url[:200]}")


_FAMILY_NAME = re.compile(
    r"""(["']?)\b(""" + "|".join(re.escape(f) for f in fonts.FAMILIES) + r""")\b\1"""
)
_FONT_DECLARATION = re.compile(r"(?<![\w-])(font(?:-family)?\s*:)([^;{}<>]*)")


def with_fallbacks(css_or_html: str, fallback_families: list[str]) -> str:
    """Extend every "XST ..." family in font declarations by the fallback chain.

    The print CSS says font-family: "XST Fang"; Pango then takes each character the
    primary face lacks from the first of "XST Fallback 1", "XST Fallback 2", ... that
    has it, instead of from some system font (which would be embedded whole).
    """
    if not fallback_families:
        return css_or_html
    chain = ", ".join(f'"{name}"' for name in fallback_families)

    def declaration(match: re.Match[str]) -> str:
        before = match.string[: match.start()]
        if before[: before.rfind("{")].rstrip().lower().endswith("@font-face"):
            return str(match.group(0))  # a descriptor naming one face: leave it
        value = _FAMILY_NAME.sub(lambda m: f'"{m.group(2)}", {chain}', match.group(2))
        return str(match.group(1)) + value

    return _FONT_DECLARATION.sub(declaration, css_or_html)


def _app_settings() -> tuple[Path, Path | None, str]:
    """(font cache folder, static folder, static URL path) of the current app."""
    from flask import current_app, has_app_context

    if has_app_context():
        static = Path(current_app.static_folder) if current_app.static_folder else None
        return fonts.font_cache_dir(), static, current_app.static_url_path or "/static"
    return fonts.font_cache_dir(), None, "/static"


def document_text(html: str) -> str:
    """Every character the document may print (a superset: markup and entities too)."""
    return html_lib.unescape(html)


def weasyprint_subsets_fast() -> bool:
    """Whether WeasyPrint may trim our subsets further to the glyphs it drew.

    With libharfbuzz-subset that takes milliseconds and makes the PDF about a third of
    the size (each face keeps only what its own text uses); with its fontTools fallback
    it takes a second or more, so WeasyPrint is told to embed our subsets as they are.
    """
    return weasyprint_fonts.harfbuzz_subset is not None


_render_lock = threading.Lock()  # fontconfig/Pango state is not thread-safe


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of this HTML document, with the report fonts subset to its characters."""
    try:
        cache_dir, static, static_url_path = _app_settings()
        font_set = fonts.find_fonts()
        html = _FONT_BLOCK.sub("", html)  # the browser-preview font rules, if included
        rules = subsets.plan_rules(font_set, document_text(html))
        css = subsets.rules_css(
            (rule, subsets.subset_file(rule.face, rule.codepoints, cache_dir).as_uri())
            for rule in rules
        )
        roots = [root for root in (static, cache_dir) if root is not None]
        chain = subsets.fallback_families(font_set)
        fetcher = SafeFetcher(roots, static_url_path, chain)
        if base_url is None:
            base_url = (static.parent if static else cache_dir).as_uri() + "/"
        # Unstyled text (e.g. page-margin boxes, which inherit from the root) also gets
        # the report fonts, never a system font; zero specificity: any rule wins.
        css += with_fallbacks(':where(html){font-family:"XST Song"}\n', chain)
        html = with_fallbacks(html, chain)
        with _render_lock:
            font_config = FontConfiguration()
            stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=font_config)
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            pdf: bytes = document.write_pdf(
                stylesheets=[stylesheet],
                font_config=font_config,
                full_fonts=not weasyprint_subsets_fast(),
                pdf_identifier=hashlib.md5(html.encode(), usedforsecurity=False).digest(),
            )
    except PdfRenderError:
        raise
    except Exception as error:
        raise PdfRenderError(f"The PDF could not be rendered: {error}") from error
    if not pdf or not pdf.startswith(b"%PDF"):
        raise PdfRenderError("The PDF could not be rendered: empty output")
    return pdf


def write_pdf_file(html: str, path: str | os.PathLike[str]) -> bytes:
    """Render and store atomically: a failed render leaves no file at path."""
    data = render_pdf(html)
    write_atomically(Path(path), data)
    return data
