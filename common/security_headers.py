"""Security headers on every response: what the browser may load, frame, sniff and leak.

Pages run no inline script: every script is a file under static/ (script-src 'self'), so
injected markup cannot execute. Styles may be inline (style="" attributes and the <style>
blocks of print and error pages): with every other source limited to the app itself an
injected style has nowhere to send what it could read, and the pages look as before.
"""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",  # Bootstrap draws form controls with data: SVGs
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",  # addresses inside the app never leave it
    "Cross-Origin-Opener-Policy": "same-origin",
}


def install(app: Flask) -> None:
    """Add the headers to every response (CONTENT_SECURITY_POLICY in config overrides)."""
    policy = app.config.get("CONTENT_SECURITY_POLICY") or CONTENT_SECURITY_POLICY

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # Documents of other kinds (PDF, XLSX, ICS) are not pages; a policy on them can
        # only get in the way of the browser's own viewer.
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
