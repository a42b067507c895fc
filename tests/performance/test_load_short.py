"""A short meeting day under load (benchmarks/load.py --quick) on SQLite and PostgreSQL:
50 users for 25 seconds through gunicorn, no 5xx and every acknowledged write stored once."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import BACKENDS, postgres_url

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(r"^requests=(\d+) errors_5xx=(\d+) lost=(\d+) p95_ms=([\d.]+)$")


@pytest.fixture(params=BACKENDS)
def load_database_url(request):
    """None for SQLite (load.py makes a fresh file), else a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    server = make_url(postgres_url())
    name = f"load_{uuid.uuid4().hex[:12]}"
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_meeting_day_loses_nothing_and_never_fails(load_database_url):
    command = [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--quick"]
    if load_database_url:
        command += ["--database-url", load_database_url]
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )
    output = finished.stdout.strip()
    last = output.splitlines()[-1] if output else ""
    match = LAST_LINE.match(last)
    assert match, f"no result line:\n{output}\n{finished.stderr[-3000:]}"
    requests, errors, lost, _p95 = match.groups()
    assert int(requests) > 200, output
    assert int(errors) == 0, output
    assert int(lost) == 0, output
    assert finished.returncode == 0, output
