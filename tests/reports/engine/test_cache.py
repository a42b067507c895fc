"""cached_pdf: the same HTML gives the same bytes and ETag from memory or from the file
cache without rendering again; other HTML another ETag; a failed render stores nothing."""

import pytest

from reports import cache, pdf
from reports.pdf import PdfRenderError
from tests.reports.engine.conftest import make_document


@pytest.fixture
def fresh_cache(app):
    cache.clear_memory()
    yield cache.cache_dir()
    cache.clear_memory()


def refuse_to_render(*args, **kwargs):
    raise AssertionError("rendered again instead of using the cache")


def test_hit_returns_the_same_bytes_and_etag_without_rendering(fresh_cache, monkeypatch):
    html = make_document("<p>缓存测试一</p>")
    data, etag = cache.cached_pdf(html)
    assert data.startswith(b"%PDF") and len(etag) == 64
    assert (fresh_cache / f"{etag}.pdf").read_bytes() == data

    monkeypatch.setattr(cache, "render_pdf", refuse_to_render)
    assert cache.cached_pdf(html) == (data, etag)  # from memory
    cache.clear_memory()
    assert cache.cached_pdf(html) == (data, etag)  # from instance/pdf-cache


def test_etag_is_the_content_hash(fresh_cache):
    one = cache.pdf_etag(make_document("<p>甲</p>"))
    assert one == cache.pdf_etag(make_document("<p>甲</p>"))
    assert one != cache.pdf_etag(make_document("<p>乙</p>"))


def test_etag_changes_with_the_engine_version(fresh_cache, monkeypatch):
    html = make_document()
    before = cache.pdf_etag(html)
    monkeypatch.setattr(cache, "ENGINE_VERSION", pdf.ENGINE_VERSION + "-next")
    assert cache.pdf_etag(html) != before


def test_a_failed_render_leaves_no_cache_file(fresh_cache, monkeypatch):
    def broken(html):
        raise PdfRenderError("The PDF could not be rendered: test")

    monkeypatch.setattr(cache, "render_pdf", broken)
    html = make_document("<p>失败的渲染</p>")
    with pytest.raises(PdfRenderError):
        cache.cached_pdf(html)
    etag = cache.pdf_etag(html)
    assert not (fresh_cache / f"{etag}.pdf").exists()
    assert not list(fresh_cache.glob(".*.tmp"))
