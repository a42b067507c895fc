"""The app as gunicorn serves it for the benchmarks, plus a hello-world baseline route.

    DATABASE_URL=... SECRET_KEY=... gunicorn -w 2 benchmarks.wsgi:app

GET /bench/hello is public and renders a tiny Jinja template: the same app, the same
middleware and request hooks, no database. The page benchmarks compare every main page's
throughput with it. The route exists only here, never in the product app.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from flask import render_template
from jinja2 import ChoiceLoader, DictLoader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app as app_module  # noqa: E402

HELLO = (
    "<!doctype html><html><head><title>{{ title }}</title></head>"
    "<body><p>{{ text }}</p></body></html>"
)


def create_bench_app():
    """create_app() with the environment's settings (DATABASE_URL, SECRET_KEY) + /bench/hello."""
    app_module.PUBLIC_ENDPOINTS.add("bench_hello")
    application = app_module.create_app()

    # A named template (compiled once and cached, like every page's), kept in this module.
    application.jinja_env.loader = ChoiceLoader(
        [application.jinja_env.loader, DictLoader({"bench/hello.html": HELLO})]
    )

    @application.get("/bench/hello")
    def bench_hello():
        return render_template("bench/hello.html", title="hello", text="Hello, world")

    return application


app = create_bench_app()
gc.freeze()  # as the product's wsgi.py does
