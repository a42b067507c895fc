"""Hostile uploads against an honest one: how long a refusal takes and what it costs in memory.

Usage: .venv/bin/python benchmarks/uploads.py [--runs N]

Issue 12's figures: every crafted file (zip bombs, a million rows or cells, 460,000
paragraphs, billion laughs, a 10 MB CSV line …, the set tests/uploads/test_bounds.py checks)
is refused within about 2 s and at most 200 MB above the worker's idle size. The files are
written by this process and read in a fresh child process (so building them costs the child
nothing): after warming up on harmless files, the child reads an honest upload — a 3,000-row
participant list (.xlsx, 30,000 cells, the size a district imports) — as the baseline, then
each hostile file, N times, taking the median.

Last line: worst_refusal_s=<s> honest_import_s=<s> ratio=<worst/honest> peak_mb_above_idle=<MB>
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, os, resource, statistics, sys, time
sys.path.insert(0, os.getcwd())
from app import create_app
from common.errors import RuleViolation
from common.upload_tables import csv_rows, xlsx_rows
from speech.docx import docx_to_text
from participants import imports
from tests.uploads import hostile as h

runs = int(sys.argv[1])
honest, paths = sys.argv[2], sys.argv[3:]

def read(path):
    data = open(path, "rb").read()
    if path.endswith(".docx"):
        return docx_to_text(data)
    if path.endswith(".csv"):
        return csv_rows(data, 3011)
    return imports.read_table("a.xlsx", data)

def timed(path):
    seconds, status = [], None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            read(path)
        except RuleViolation as error:
            status = error.status
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), status

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.test_request_context():
    docx_to_text(h.docx())  # warm: imports, catalogues and caches belong to the idle size
    xlsx_rows(h.xlsx(), 10)
    csv_rows("姓名\n王喆\n".encode(), 10)
    honest_seconds, honest_status = timed(honest)
    idle = rss_mb()
    results = {os.path.basename(p): timed(p) for p in paths}
print(json.dumps({"idle": idle, "peak": rss_mb(), "honest": [honest_seconds, honest_status],
                  "results": results}))
"""


def honest_participant_list(rows: int = 3000) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["姓名", "类别", "界别", "专委会", "单位职务", "手机", "性别", "民族", "党派", "备注"]
    )
    for n in range(rows):
        sheet.append(
            [f"委员{n}", "政协委员", "经济界", "经济委", f"某单位{n}", f"139{n:08d}"]
            + ["男", "汉族", "无党派", ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from tests.uploads.test_bounds import FILES

    with tempfile.TemporaryDirectory(prefix="xst-uploads-") as folder:
        honest = Path(folder) / "participants.xlsx"
        honest.write_bytes(honest_participant_list())
        paths = []
        for name, build in FILES.items():
            path = Path(folder) / name
            path.write_bytes(build())
            paths.append(str(path))
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.runs), str(honest), *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    report = json.loads(done.stdout.strip().splitlines()[-1])
    honest_seconds, honest_status = report["honest"]
    if honest_status is not None:
        print(f"the honest list was refused ({honest_status})", file=sys.stderr)
        return 1
    print(f"{'file':<24} {'median s':>9}  status")
    for name, (seconds, status) in sorted(report["results"].items(), key=lambda r: -r[1][0]):
        print(f"{name:<24} {seconds:>9.3f}  {status}")
    refused = [status for _s, status in report["results"].values()]
    if any(status is None or not 400 <= status < 500 for status in refused):
        print("a hostile file was not refused with a 4xx", file=sys.stderr)
        return 1
    worst = max(seconds for seconds, _status in report["results"].values())
    peak = report["peak"] - report["idle"]
    print(f"honest 3,000-row import: {honest_seconds:.3f} s")
    print(
        f"worst_refusal_s={worst:.3f} honest_import_s={honest_seconds:.3f} "
        f"ratio={worst / honest_seconds:.2f} peak_mb_above_idle={peak:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
