"""Memory and time of reading hostile files, measured in a fresh process: the reader stops
at its limits, so each refusal comes within the time limit (CPU time, plus a little; wall
time within its backstop) and the process grows by at most 200 MB over its size after
reading a harmless file of each kind.

And the real `flask --app app parse-speech` process: a clear message, exit code not 0, no
traceback."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from common.uploads import WALL_FACTOR, Limits
from tests.uploads import hostile as h

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND_MB = 200
TIME_SLACK = 1.0  # seconds past the time limit: the work between two looks at the clock

SCRIPT = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
from tests.conftest import make_test_app
from common.errors import RuleViolation
from common.upload_tables import csv_rows, xlsx_rows
from speech.docx import docx_to_text
from participants import imports
from tests.uploads import hostile as h

def read(path):
    data = open(path, "rb").read()
    if path.endswith(".docx"):
        return docx_to_text(data)
    if path.endswith(".csv"):
        return csv_rows(data, 3011)
    return imports.read_table("a.xlsx", data)

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = make_test_app("sqlite://")
results = []
with app.test_request_context():
    docx_to_text(h.docx())  # warm: imports, catalogues, caches belong to the idle size
    xlsx_rows(h.xlsx(), 10)
    csv_rows("姓名\n王喆\n".encode(), 10)
    idle = rss_mb()
    for path in sys.argv[1:]:
        started, cpu = time.monotonic(), time.thread_time()
        try:
            read(path)
            status = None
        except RuleViolation as error:
            status = error.status
        results.append({
            "path": path,
            "seconds": time.monotonic() - started,
            "cpu": time.thread_time() - cpu,
            "status": status,
        })
print(json.dumps({"idle": idle, "peak": rss_mb(), "results": results}))
"""

FILES = {
    "paragraphs.docx": lambda: h.docx_with_paragraphs(460_000),
    "paragraphs-text.docx": lambda: h.docx_with_paragraphs(100_000, h.paragraph("一是加强。")),
    "part-bomb.docx": h.docx_part_bomb,
    "total-bomb.docx": h.docx_total_bomb,
    "laughs.docx": lambda: h.docx(h._document("<w:p/>", h.BILLION_LAUGHS)),
    "characters.docx": lambda: h.docx(h._document(h.paragraph("托" * 3_000_000))),
    "slow.docx": lambda: h.docx_with_paragraphs(1_500_000, "<w:bookmarkStart/>"),
    "shared-strings.xlsx": h.xlsx_million_shared_strings,
    "giant-string.xlsx": lambda: h.xlsx(shared=h.shared_xml(f"<si><t>{'托' * 3_000_000}</t></si>")),
    "cells.xlsx": h.xlsx_million_cells_in_a_row,
    "rows.xlsx": h.xlsx_million_rows,
    "empty-rows.xlsx": h.xlsx_empty_rows,
    "sheet-bomb.xlsx": h.xlsx_part_bomb,
    "long-line.csv": lambda: h.csv_long_line(10),  # the largest a request may carry
    "blank-rows.csv": lambda: h.csv_many_rows(5_000_000),
}


def test_hostile_files_stay_within_memory_and_time(tmp_path):
    paths = []
    for name, build in FILES.items():
        path = tmp_path / name
        path.write_bytes(build())
        paths.append(str(path))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for result in report["results"]:
        name = Path(result["path"]).name
        assert result["status"] is not None and 400 <= result["status"] < 500, name
        assert result["cpu"] < Limits().seconds + TIME_SLACK, (name, result)
        assert result["seconds"] < Limits().seconds * WALL_FACTOR + TIME_SLACK, (name, result)
    assert report["peak"] - report["idle"] < MEMORY_BOUND_MB, report


CLI_FILES = {
    "paragraphs.docx": (lambda: h.docx_with_paragraphs(460_000), "段落超过 10000 个"),
    "entity.docx": (
        lambda: h.docx(h._document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", h.EXTERNAL_ENTITY)),
        "DTD",
    ),
    "not-a-zip.docx": (lambda: b"plain text", "Word"),
}


@pytest.mark.parametrize("name", list(CLI_FILES))
def test_the_real_parse_speech_process(tmp_path, name):
    build, fragment = CLI_FILES[name]
    path = tmp_path / name
    path.write_bytes(build())
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "FLASK_APP": "app",
    }
    started = time.monotonic()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "app", "parse-speech", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert fragment in done.stderr and "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    assert time.monotonic() - started < 30  # app start-up included
