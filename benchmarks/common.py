"""Shared helpers for the HTTP benchmarks: the dataset, a gunicorn server, a browser-like client.

- prepare_database(): the generated dataset (demo.generate.generate), built once and cached
  under instance/bench/ for SQLite, or in the PostgreSQL database named by --database-url
  (filled only when it has no meetings yet).
- Server: benchmarks.wsgi:app under gunicorn on loopback, started and stopped by us.
- Browser: one keep-alive http.client connection with a cookie jar, CSRF tokens read from
  the forms like a browser would, sign-in through the real login form.
"""

from __future__ import annotations

import http.client
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BENCH_DIR = ROOT / "instance" / "bench"
BENCH_PASSWORD = "xst-bench-2026"
SECRET_KEY = "bench-secret-not-for-production"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------- the dataset


def sqlalchemy_url(url: str) -> str:
    """postgresql:// URLs as SQLAlchemy wants them (psycopg 3), like config.from_environment."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def bench_app(database_url: str):
    from app import create_app

    return create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )


def cached_sqlite_url(years: int, scale: float, seed: int = 2026, committees: int = 0) -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    city = f"-c{committees}" if committees else ""
    return f"sqlite:///{BENCH_DIR / f'generated-y{years}-s{scale:g}-seed{seed}{city}.sqlite'}"


def prepare_database(
    database_url: str | None,
    years: int,
    scale: float,
    seed: int = 2026,
    log=print,
    committees: int = 0,
) -> tuple[str, dict]:
    """The URL of a database holding the generated dataset, and facts about it.

    Reuses what is there: a cached SQLite file, or a PostgreSQL database that already has
    meetings. committees=N: the city and N districts (demo.generate's --committees); the
    district pages are measured in the first district (bench-secretariat's).
    Returns (url, info) with info["benchmark_meeting_id"] and counts.
    """
    from sqlalchemy import func, select

    from demo import generate as generator
    from extensions import db
    from meetings.models import Meeting

    if hasattr(generator, "generate"):
        url = database_url or cached_sqlite_url(years, scale, seed, committees)
    else:  # a stand-in until the generator exists; never cached under the generator's name
        log("dataset: demo.generate.generate is missing: the demo story stands in")
        url = database_url or f"sqlite:///{BENCH_DIR / 'demo-fallback.sqlite'}"
    app = bench_app(url)
    with app.app_context():
        db.create_all()
        existing = db.session.scalar(select(func.count(Meeting.id)))
        if existing:
            log(f"dataset: reusing {redact(url)} ({existing} meetings)")
            counts = {"meetings": existing}
        else:
            log(
                f"dataset: generating years={years} scale={scale:g} seed={seed}"
                f" committees={committees} into {redact(url)}"
            )
            started = time.perf_counter()
            counts = fill(years, scale, seed, committees)
            log(f"dataset: generated in {time.perf_counter() - started:.1f} s: {counts}")
        info = dict(counts)
        committee_id = bench_committee_id()
        info["committees"] = committee_count()
        info["benchmark_meeting_id"] = benchmark_meeting_id(committee_id)
        info["departments"] = department_ids(committee_id)
        db.session.remove()
        db.engine.dispose()
    return url, info


def fill(years: int, scale: float, seed: int, committees: int = 0) -> dict:
    from demo import generate as generator

    if hasattr(generator, "generate"):
        return generator.generate(years=years, seed=seed, scale=scale, committees=committees)
    return fallback_fill()  # until the generator exists: the demo story plus bench accounts


def fallback_fill() -> dict:
    """The demo story and the bench accounts (a stand-in while demo.generate is missing)."""
    from sqlalchemy import select

    from accounts.models import Role, User
    from audit.services import acting_as
    from demo.loader import load_demo
    from extensions import db
    from participants.models import Department

    with acting_as("bench"):
        load_demo()
        accounts = [("bench-secretariat", Role.SECRETARIAT, None)]
        accounts += [
            (f"bench-dept-{d.id}", Role.DEPARTMENT, d)
            for d in db.session.scalars(select(Department))
        ]
        for username, role, department in accounts:
            user = User(username=username, display_name=username, role=role, department=department)
            user.set_password(BENCH_PASSWORD)
            db.session.add(user)
        db.session.commit()
    return {"meetings": 2, "fallback": 1}


def bench_committee_id() -> int | None:
    """The committee of the bench-secretariat account: where district pages are measured."""
    from sqlalchemy import select

    from accounts.models import User
    from extensions import db

    return db.session.scalar(select(User.committee_id).where(User.username == "bench-secretariat"))


def committee_count() -> int:
    from sqlalchemy import func, select

    from committees.models import Committee
    from extensions import db

    return db.session.scalar(select(func.count(Committee.id))) or 0


def benchmark_meeting_id(committee_id: int | None = None) -> int:
    """The held meeting with 60 opinions (the generator's), else the one with most opinions."""
    from sqlalchemy import func, select

    from demo import generate as generator
    from extensions import db
    from opinions.models import Opinion

    if hasattr(generator, "benchmark_meeting_id"):
        return generator.benchmark_meeting_id(committee_id)
    return db.session.scalar(
        select(Opinion.meeting_id)
        .group_by(Opinion.meeting_id)
        .order_by(func.count(Opinion.id).desc())
        .limit(1)
    )


def department_ids(committee_id: int | None = None) -> list[int]:
    """Departments that have a bench account (in `committee_id`, if given), busiest first."""
    from sqlalchemy import func, select

    from accounts.models import User
    from extensions import db
    from responses.models import Assignment

    accounts = select(User.username).where(User.username.like("bench-dept-%"))
    if committee_id is not None:
        accounts = accounts.where(User.committee_id == committee_id)
    with_accounts = {int(name.rsplit("-", 1)[1]) for name in db.session.scalars(accounts)}
    busy = db.session.execute(
        select(Assignment.department_id, func.count(Assignment.id))
        .where(Assignment.department_id.in_(with_accounts))
        .group_by(Assignment.department_id)
        .order_by(func.count(Assignment.id).desc())
    ).all()
    ordered = [d for d, _n in busy if d in with_accounts]
    return ordered + sorted(with_accounts - set(ordered))


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(":" + parts.password + "@", ":***@")
    return url


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """benchmarks.wsgi:app under gunicorn on 127.0.0.1, for the length of a `with` block."""

    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        threads: int = 1,
        worker_class: str = "sync",
        log_path: Path | None = None,
    ):
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.worker_class = worker_class
        self.port = free_port()
        self.log_path = log_path or BENCH_DIR / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    @property
    def description(self) -> str:
        kind = self.worker_class + (f" x{self.threads} threads" if self.threads > 1 else "")
        return f"gunicorn {self.workers} workers ({kind}) on 127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            SECRET_KEY=SECRET_KEY,
            PYTHONPATH=str(ROOT),
        )
        command = [
            str(VENV_BIN / "gunicorn"),
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--bind", f"127.0.0.1:{self.port}",
            "--keep-alive", "30",
            "--backlog", "256",
            "--timeout", "60",
            "benchmarks.wsgi:app",
        ]  # fmt: skip
        self.log = open(self.log_path, "ab")  # noqa: SIM115  (closed in __exit__)
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                status = Browser(self.port).get("/bench/hello").status
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# ---------------------------------------------------------------- the client


CSRF_RE = re.compile(
    rb'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


class Response:
    __slots__ = ("status", "headers", "body", "seconds")

    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        match = CSRF_RE.search(self.body)
        if not match:
            raise ValueError("no csrf_token in the page")
        return (match.group(1) or match.group(2)).decode()


class Browser:
    """One user agent: a keep-alive connection, a cookie jar, redirects not followed."""

    def __init__(
        self, port: int, host: str = "127.0.0.1", timeout: float = 60, revalidate: bool = False
    ):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        # Like a browser's cache: GET sends back the page's ETag; a 304 reuses the copy.
        self.revalidate = revalidate
        self.etags: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Response:
        all_headers = {"User-Agent": "xst-bench/1", "Accept-Language": "zh-CN"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.revalidate and method == "GET" and path in self.etags:
            all_headers["If-None-Match"] = self.etags[path]
        all_headers.update(headers or {})
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=all_headers)
                raw = self.connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection; one retry on a new one.
                # (Only safe because a reset before any response byte means nothing ran.)
                self.connection.close()
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        for header in raw.msg.get_all("Set-Cookie") or []:
            self._store_cookie(header)
        if self.revalidate and method == "GET" and raw.status == 200 and raw.getheader("ETag"):
            self.etags[path] = raw.getheader("ETag")
        return Response(raw.status, raw.msg, data, seconds)

    def _store_cookie(self, header: str) -> None:
        first, *attributes = header.split(";")
        name, _, value = first.strip().partition("=")
        expired = any(
            a.strip().lower().startswith("max-age=0")
            or a.strip().lower().startswith("expires=thu, 01 jan 1970")
            for a in attributes
        )
        if expired or not value:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path: str, headers=None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict | list) -> Response:
        return self.request("POST", path, body=urlencode(fields).encode())

    def login(self, username: str, password: str = BENCH_PASSWORD) -> None:
        token = self.get("/login").csrf_token()
        response = self.post(
            "/login", {"csrf_token": token, "username": username, "password": password}
        )
        if response.status != 302:
            raise RuntimeError(f"sign-in as {username} failed: HTTP {response.status}")

    def close(self) -> None:
        self.connection.close()


# ---------------------------------------------------------------- figures


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def machine() -> str:
    import platform

    cpus = os.cpu_count() or 0
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/proc/loadavg") as f:
            load = " load " + " ".join(f.read().split()[:3])
    except OSError:
        load = ""
    return f"{platform.machine()} {cpus} CPUs{memory}, Python {platform.python_version()},{load}"
