"""Rendered PDFs by content hash: repeated downloads of unchanged content in milliseconds.

The key (and HTTP ETag) is the SHA-256 of the HTML, the font files in use (path, face
index, mtime, size) and the engine version: change any and the PDF is rendered anew.
Two levels: an in-process LRU (bounded by bytes) and files under instance/pdf-cache/
shared by all worker processes, written atomically (a failed render writes nothing).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from common.files import write_atomically
from reports import fonts
from reports.pdf import ENGINE_VERSION, render_pdf

MEMORY_LIMIT_BYTES = 64 * 1024 * 1024
FILE_LIMIT = 500  # files kept under instance/pdf-cache (oldest removed first)

_memory: OrderedDict[str, bytes] = OrderedDict()
_memory_bytes = 0
_lock = threading.Lock()


def pdf_etag(html: str) -> str:
    """The content hash of what decides the PDF's bytes."""
    digest = hashlib.sha256()
    for part in (ENGINE_VERSION, fonts.find_fonts().signature, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def cache_dir() -> Path:
    from flask import current_app, has_app_context

    if has_app_context():
        return Path(current_app.instance_path) / "pdf-cache"
    return fonts.font_cache_dir().parent / "xieshang-pdf-cache"


def _remember(etag: str, data: bytes) -> None:
    global _memory_bytes
    with _lock:
        if etag in _memory:
            _memory.move_to_end(etag)
            return
        _memory[etag] = data
        _memory_bytes += len(data)
        while _memory_bytes > MEMORY_LIMIT_BYTES and len(_memory) > 1:
            _, old = _memory.popitem(last=False)
            _memory_bytes -= len(old)


def _recall(etag: str) -> bytes | None:
    with _lock:
        data = _memory.get(etag)
        if data is not None:
            _memory.move_to_end(etag)
        return data


def _store(path: Path, data: bytes) -> None:
    write_atomically(path, data)
    _prune(path.parent)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - FILE_LIMIT)]:
        old.unlink(missing_ok=True)


def cached_pdf(html: str) -> tuple[bytes, str]:
    """(PDF bytes, ETag) for this HTML: from memory, from instance/pdf-cache, or rendered."""
    etag = pdf_etag(html)
    if (data := _recall(etag)) is not None:
        return data, etag
    path = cache_dir() / f"{etag}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if not data or not data.startswith(b"%PDF"):
        data = render_pdf(html)  # raises PdfRenderError, leaving no file
        _store(path, data)
    _remember(etag, data)
    return data, etag


def clear_memory() -> None:
    """Forget the in-process copies (tests)."""
    global _memory_bytes
    with _lock:
        _memory.clear()
        _memory_bytes = 0
