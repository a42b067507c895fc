"""Time the PDF engine against naive WeasyPrint on the demo meeting's minutes.

Usage: .venv/bin/python benchmarks/pdf.py [--runs N]

Builds the demo in a temporary SQLite database, renders the minutes' HTML once
(reports.documents.render_document), then times, on that same HTML, medians of N >= 5:

- ours: reports.pdf.render_pdf. The first render in a fresh process with an empty font
  cache is reported on its own ("cold": loads the font files, makes the subsets) and left
  out of the medians. The median that counts makes its subsets anew on every run (font
  cache folder emptied first: a document whose text changed); renders with the subsets
  already cached are reported too.
- naive: weasyprint.HTML(string=...).write_pdf() on the same HTML without the engine's
  @font-face rules, so the print CSS falls back to the system Noto CJK / AR PL UKai
  fonts and WeasyPrint subsets those 20 MB files itself.

WeasyPrint subsets with libharfbuzz-subset when the machine has it (chromium, a test
package, pulls it in) and with fontTools otherwise (the app's plain setup; the ~8-9 s
per page the issue measured). Both engines are timed both ways, like with like (without
libharfbuzz-subset is simulated by hiding it from WeasyPrint); the last line is the
plain-setup comparison:

median_s=<ours> naive_s=<naive> ratio=<naive/ours>
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
    naive_html = _FONT_BLOCK.sub("", html)

    def ours() -> bytes:
        return render_pdf(html)

    def naive() -> bytes:
        return weasyprint.HTML(string=naive_html).write_pdf()

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    start = time.perf_counter()
    size = len(ours())
    print(f"ours, cold (first render, empty font cache): {time.perf_counter() - start:.3f} s")
    results = {}
    system_hb = weasyprint_fonts.harfbuzz_subset
    modes = [("with libharfbuzz-subset", system_hb)] if system_hb is not None else []
    modes.append(("without libharfbuzz-subset (plain setup)", None))
    for label, library in modes:
        weasyprint_fonts.harfbuzz_subset = library
        try:
            print(f"-- WeasyPrint {label}")
            fresh = timed(ours, runs, empty_cache)
            size = len(ours())
            print(f"ours, subsets made anew each run:  {fmt(fresh)}, {size} bytes")
            print(f"ours, subsets cached:              {fmt(timed(ours, runs))}")
            size = len(naive())  # fontconfig warmed up for the naive path too
            slow = timed(naive, runs)
            print(f"naive WeasyPrint:                  {fmt(slow)}, {size} bytes")
            results[label] = (statistics.median(fresh), statistics.median(slow))
            print(f"ratio: {results[label][1] / results[label][0]:.1f}")
        finally:
            weasyprint_fonts.harfbuzz_subset = system_hb
    ours_s, naive_s = results[modes[-1][0]]
    print(f"median_s={ours_s:.3f} naive_s={naive_s:.3f} ratio={naive_s / ours_s:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
