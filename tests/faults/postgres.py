"""A private PostgreSQL server a test may stop and start (never the suite's shared one).

Mirrors scripts/postgres-throwaway.sh: initdb as the "postgres" account when run as root.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time

from tests.serving import free_port


class ThrowawayPostgres:
    def __init__(self):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)[-1]
        self.dir = tempfile.mkdtemp(prefix="xieshang-fault-pg.")
        os.chmod(self.dir, 0o755)
        self.runas: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/xieshang_fault"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.runas, *args], check=True, capture_output=True)

    def start(self) -> "ThrowawayPostgres":
        data = f"{self.dir}/data"
        if not os.path.exists(data):
            self._run(f"{self.bin}/initdb", "-D", data, "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self._run(
            f"{self.bin}/pg_ctl", "-D", data, "-l", f"{self.dir}/server.log", "-w",
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip
        if not getattr(self, "created", False):
            subprocess.run(
                [f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                 "postgres", "xieshang_fault"],
                check=True, capture_output=True,
            )  # fmt: skip
            self.created = True
        return self

    def stop(self, mode: str = "immediate") -> None:
        self._run(f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    def restart(self, down_seconds: float) -> None:
        """Crash-stop (like a killed server or a failover), stay down a while, come back."""
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in path.split("/")[-2].split(".") if p.isdigit())
