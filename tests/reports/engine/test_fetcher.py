"""The URL fetcher serves the app's static files and the font cache only: local files
elsewhere and network URLs fetch nothing, and the render still succeeds."""

from pathlib import Path

import pytest
from PIL import Image
from weasyprint.urls import URLFetchingError

from reports import fonts
from reports.pdf import SafeFetcher, render_pdf
from tests.reports.engine.conftest import run


@pytest.fixture
def png(tmp_path) -> Path:
    path = tmp_path / "outside.png"
    Image.new("RGB", (40, 40), (200, 0, 0)).save(path)
    return path


def test_fetcher_refuses_files_outside_its_folders_and_every_network_url(tmp_path, png):
    allowed = tmp_path / "static"
    allowed.mkdir()
    (allowed / "a.css").write_text("p{color:red}")
    fetcher = SafeFetcher([allowed])
    assert fetcher.fetch((allowed / "a.css").as_uri()).read() == b"p{color:red}"
    assert fetcher.fetch("file:///static/a.css").read() == b"p{color:red}"  # url_for form
    for url in (
        "file:///etc/passwd",
        png.as_uri(),
        (allowed / ".." / "outside.png").as_uri(),
        "file:///static/../../etc/passwd",
        "http://127.0.0.1:1/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_hostile_urls_in_a_document_fetch_nothing_and_the_render_succeeds(app, png):
    secret = png.parent / "secret.css"
    secret.write_text('body::after { content: "LEAKED-SECRET"; }')
    html = f"""<html><head>
    <link rel="stylesheet" href="file:///etc/passwd">
    <link rel="stylesheet" href="{secret.as_uri()}">
    <link rel="stylesheet" href="http://127.0.0.1:1/evil.css">
    <style>@import url("{secret.as_uri()}");
    p {{ background: url("http://127.0.0.1:1/track.png"); }}</style></head>
    <body><p style='font-family:"XST Fang"'>政协委员意见</p>
    <img src="file:///etc/passwd"><img src="{png.as_uri()}">
    <img src="http://127.0.0.1:1/x.png"><iframe src="file:///etc/shadow"></iframe>
    </body></html>"""
    data = render_pdf(html)
    assert data.startswith(b"%PDF")
    assert b"/Subtype /Image" not in data
    assert b"root:" not in data
    path = png.parent / "out.pdf"
    path.write_bytes(data)
    text = run("pdftotext", str(path), "-")
    assert "政协委员意见" in text
    assert "LEAKED" not in text and "root:" not in text


def test_files_in_the_allowed_folders_do_load(app, png):
    cache = fonts.font_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    allowed = cache / "seal.png"
    allowed.write_bytes(png.read_bytes())
    data = render_pdf(f'<p>政协</p><img src="{allowed.as_uri()}">')
    assert b"/Subtype /Image" in data
