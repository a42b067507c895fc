"""Time the PDF engine against naive WeasyPrint on the demo meeting's minutes.

Usage: .venv/bin/python benchmarks/pdf.py [--runs N]

Builds the demo in a temporary SQLite database, renders the minutes' HTML once
(reports.documents.render_document), then times, on that same HTML:

- ours: reports.pdf.render_pdf. The first render in a fresh process with an empty font
  cache is reported on its own ("cold": loads the font files, makes the subsets). The
  median that counts is over N renders that each make their subsets anew (font cache
  folder emptied before every run): the case of a document whose text changed. Renders
  with the subsets already cached are reported too ("warm").
- naive: weasyprint.HTML(string=...).write_pdf() on the same HTML without the engine's
  @font-face rules, so the print CSS falls back to the system Noto CJK / AR PL UKai
  fonts, WeasyPrint subsetting them itself. WeasyPrint subsets with libharfbuzz-subset
  when the machine has it (chromium pulls it in on developer machines) and with
  fontTools otherwise (the app's plain setup): both are timed; the last line's naive_s
  is the fontTools path, the ~8-9 s per page the issue measured.

Last line: median_s=<ours> naive_s=<naive> ratio=<naive/ours>
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def fmt(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s  (runs: {' '.join(f'{t:.3f}' for t in times)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(5, args.runs)

    workdir = Path(tempfile.mkdtemp(prefix="xst-bench-"))
    try:
        from app import create_app
        from audit.services import acting_as
        from demo.loader import load_demo
        from extensions import db

        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SERVER_NAME": "localhost",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
            }
        )
        app.instance_path = str(workdir / "instance")
        os.makedirs(app.instance_path, exist_ok=True)
        with app.app_context():
            db.create_all()
            with acting_as("demo"):
                meeting = load_demo()
                db.session.commit()
            html = minutes_html(meeting)
            return run(html, runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def minutes_html(meeting) -> str:
    from reports.documents import render_document

    return render_document("minutes", meeting)


def run(html: str, runs: int) -> int:
    import weasyprint
    import weasyprint.pdf.fonts as weasyprint_fonts

    from reports import fonts
    from reports.pdf import _FONT_BLOCK, render_pdf

    cache = fonts.font_cache_dir()
    shutil.rmtree(cache, ignore_errors=True)
    print(
        f"document: demo minutes, {len(html)} characters of HTML, "
        f"{len(set(html))} distinct characters"
    )

    start = time.perf_counter()
    pdf = render_pdf(html)
    cold = time.perf_counter() - start
    print(f"ours, cold (first render, empty font cache):   {cold:.3f} s, {len(pdf)} bytes")

    fresh = timed(lambda: render_pdf(html), runs, lambda: shutil.rmtree(cache, True))
    print(f"ours, subsets made anew each run:              {fmt(fresh)}")
    warm = timed(lambda: render_pdf(html), runs)
    print(f"ours, subsets cached:                          {fmt(warm)}")

    naive_html = _FONT_BLOCK.sub("", html)

    def naive() -> bytes:
        return weasyprint.HTML(string=naive_html).write_pdf()

    size = len(naive())  # warm up fontconfig for the naive path too
    has_hb_subset = weasyprint_fonts.harfbuzz_subset is not None
    if has_hb_subset:
        naive_hb = timed(naive, runs)
        print(f"naive WeasyPrint, libharfbuzz-subset:          {fmt(naive_hb)}, {size} bytes")
    saved = weasyprint_fonts.harfbuzz_subset
    weasyprint_fonts.harfbuzz_subset = None  # as on a machine without libharfbuzz-subset
    try:
        naive_ft = timed(naive, runs)
    finally:
        weasyprint_fonts.harfbuzz_subset = saved
    print(f"naive WeasyPrint, fontTools (plain setup):     {fmt(naive_ft)}")

    ours = statistics.median(fresh)
    if has_hb_subset:
        hb = statistics.median(naive_hb)
        print(f"ratio against naive with libharfbuzz-subset:   {hb / ours:.1f}")
    naive_s = statistics.median(naive_ft)
    print(f"median_s={ours:.3f} naive_s={naive_s:.3f} ratio={naive_s / ours:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
