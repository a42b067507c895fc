"""Real servers for tests: the app under gunicorn on a loopback port, and a small HTTP client.

    with GunicornServer(database_url, workers=2) as server:
        browser = Browser(server.base_url)
        browser.login("member", PASSWORD)
        browser.post("/meetings/1/opinions/new", {"title": "..."})

The server runs the production configuration (CSRF on, the database and secret key from the
environment), so the client reads CSRF tokens from pages like a browser does. It waits for
GET /healthz before the test goes on and stops the whole process group afterwards.
"""

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SECRET_KEY = "serving-test-secret-key"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def plain_url(database_url: str) -> str:
    """DATABASE_URL as a deployment writes it (config.from_environment adds the driver)."""
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


class GunicornServer:
    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        secret_key: str = SECRET_KEY,
        extra_env: dict[str, str] | None = None,
        timeout: int = 30,
        database_required: bool = True,
    ):
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": plain_url(database_url),
            "SECRET_KEY": secret_key,
            **(extra_env or {}),
        }
        self.timeout = timeout
        self.database_required = database_required
        self.process: subprocess.Popen | None = None
        # Open for the server's lifetime (its stdout); stop() closes and removes it.
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self, wait: float = 60) -> "GunicornServer":
        command = [
            str(GUNICORN),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            str(self.timeout),
            "--graceful-timeout",
            "3",
            "wsgi:app",  # the production entry (README)
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends master and workers
        )
        self.wait_until_serving(wait)
        return self

    def wait_until_serving(self, wait: float = 60) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_text()}")
            # /healthz answers 200 once the database does; a server meant to start without
            # a working database (fault tests) is up when its login page answers.
            for path in ("/healthz", "/login"):
                try:
                    with urllib.request.urlopen(self.base_url + path, timeout=2) as response:
                        if response.status == 200:
                            return
                except urllib.error.HTTPError as error:
                    if error.code == 503 and not self.database_required:
                        continue
                    if error.code != 404:
                        break  # /healthz is there but says 503: the database is not ready
                except OSError:
                    break
            time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not serve within {wait}s:\n{self.log_text()}")

    def worker_pids(self) -> list[int]:
        """The master's child processes (its workers), from /proc."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                children.append(int(stat.parent.name))
        return sorted(children)

    def wait_for_workers(self, count: int, exclude: set[int] = frozenset(), wait=30) -> list[int]:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            pids = [p for p in self.worker_pids() if p not in exclude]
            if len(pids) >= count:
                return pids
            time.sleep(0.1)
        raise TimeoutError(f"expected {count} workers, have {self.worker_pids()}")

    def log_text(self, tail: int = 5000) -> str:
        return Path(self.log.name).read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def __enter__(self) -> "GunicornServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]
    location: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that sends CSRF tokens like a browser; no redirects followed.

    Connection failures (a worker killed mid-request, a server stopping) come back as
    status 0 so that load loops can count them.
    """

    def __init__(self, base_url: str, timeout: float = 30):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.csrf_token = ""

    def request(self, method: str, path: str, data: dict | list | None = None, **headers):
        body = None
        if data is not None:
            pairs = list(data.items()) if isinstance(data, dict) else list(data)
            if self.csrf_token:
                pairs.append(("csrf_token", self.csrf_token))
            body = urllib.parse.urlencode(pairs).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(
            self.base_url + path, data=body, method=method, headers=headers
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = Answer(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.read().decode(errors="replace"), dict(error.headers))
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, f"{type(error).__name__}: {error}", {})
        answer.location = answer.headers.get("Location", "")
        if match := CSRF.search(answer.body):
            self.csrf_token = match.group(1) or match.group(2)
        return answer

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict | list | None = None, **headers) -> Answer:
        if not self.csrf_token:
            self.get("/login")
        return self.request("POST", path, data or {}, **headers)

    def login(self, username: str, password: str) -> Answer:
        self.get("/login")
        answer = self.post("/login", {"username": username, "password": password})
        if answer.status == 302:
            self.get("/meetings/")  # a page after sign-in: the session's CSRF token
        return answer

    def session_cookie(self) -> str:
        return next(c.value for c in self.cookies if c.name == "session")

    def use_session_cookie(self, value: str, port_of: str) -> None:
        """Carry a session cookie over to this client (another app process, same secret)."""
        host = urllib.parse.urlsplit(port_of).hostname
        cookie = http.cookiejar.Cookie(
            0, "session", value, None, False, host, False, False, "/", True,
            False, None, False, None, None, {"HttpOnly": None},
        )  # fmt: skip
        self.cookies.set_cookie(cookie)
