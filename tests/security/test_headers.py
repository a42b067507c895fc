"""Security headers on every response, and templates without inline script (issue 12)."""

import re
from pathlib import Path

import pytest

from common.security_headers import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def assert_common_headers(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_carry_a_policy_without_inline_script(logged_in):
    for url in ("/meetings/", "/users/", "/no-such-page"):
        response = logged_in.get(url)
        assert_common_headers(response)
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["default-src"] == ["'self'"]
        assert not any("unsafe-eval" in v or "*" in v for vs in policy.values() for v in vs)


def test_the_login_page_and_errors_are_covered_too(client):
    for url, status in (("/login", 200), ("/meetings/", 302)):
        response = client.get(url)
        assert response.status_code == status
        assert_common_headers(response)
    assert "frame-ancestors 'none'" in client.get("/login").headers["Content-Security-Policy"]
    response = client.post("/login", data={"username": "x" * 65, "password": "y"})
    assert response.status_code == 422 and "Content-Security-Policy" in response.headers


def test_files_are_not_sniffed_and_carry_no_page_policy(logged_in):
    static = logged_in.get("/static/js/confirm.js")
    assert static.status_code == 200
    assert_common_headers(static)
    download = logged_in.get("/participants/import/template.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert_common_headers(download)
    assert "Content-Security-Policy" not in download.headers


def test_the_policy_names_only_the_app_itself():
    for sources in directives(CONTENT_SECURITY_POLICY).values():
        for source in sources:
            assert source in {"'self'", "'none'", "'unsafe-inline'", "data:"}, source
    assert "'unsafe-inline'" not in directives(CONTENT_SECURITY_POLICY)["script-src"]


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_holds_inline_script(template):
    """What the policy refuses, no template writes: code lives in static/js."""
    text = template.read_text()
    for attributes, body in SCRIPT_TAG.findall(text):
        if "src=" in attributes:
            assert not body.strip(), f"{template}: a <script src> with a body"
        else:  # data blocks are allowed: browsers never run them
            assert 'type="application/json"' in attributes, f"{template}: inline <script>"
    assert not HANDLER.search(text), f"{template}: an on…= event handler"
    assert not JS_URL.search(text), f"{template}: a javascript: URL"
