"""Consistent backups and restores of the app's database.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while
the app keeps running; restore copies a backup file into the live database the same way.
PostgreSQL: `pg_dump -Fc` / `pg_restore --clean --if-exists --single-transaction`, with the
credentials of the app's URL passed in the environment (never on the command line), using
the client tools of the server's major version (Debian: /usr/lib/postgresql/<ver>/bin; or
PG_BIN_DIR). A backup is written to a temporary file and renamed into place, so a failed
run never leaves a half-written FILE. Each kind of file is recognised by its header, and a
backup of one backend is refused by the other.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from common.files import replacing
from extensions import db

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why."""


@dataclass
class Result:
    path: Path
    backend: str
    size: int


def database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def backend_of(url: URL) -> str:
    name = url.get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def file_kind(path: Path) -> str:
    """'sqlite', 'postgresql' (a pg_dump custom-format archive) or 'unknown'."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    return "unknown"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database).resolve()


def _replace_atomically(target: Path, write) -> int:
    """Write into a temporary file next to `target`, then rename it into place."""
    with replacing(target) as tmp:
        write(tmp)
    return target.stat().st_size


# ---------------------------------------------------------------- backup


def backup(path: str | os.PathLike) -> Result:
    """Write a consistent snapshot of the app's database to `path`."""
    url = database_url()
    backend = backend_of(url)
    target = Path(path).resolve()
    if backend == "sqlite":
        source = _sqlite_path(url)
        if target == source:
            raise BackupError("The backup file cannot be the live database itself.")
        if not source.exists():
            raise BackupError(f"The database file {source} does not exist.")
        size = _replace_atomically(target, lambda tmp: _sqlite_copy(source, tmp))
    else:
        size = _replace_atomically(target, lambda tmp: _pg_dump(url, tmp))
    return Result(target, backend, size)


def _sqlite_copy(source: Path, destination: Path, check: bool = False) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        if check and src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged (PRAGMA quick_check failed).")
        dst = sqlite3.connect(destination, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


# ---------------------------------------------------------------- restore


def restore(path: str | os.PathLike) -> Result:
    """Replace the app's data with the backup in `path` (same backend only)."""
    url = database_url()
    backend = backend_of(url)
    source = Path(path).resolve()
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    kind = file_kind(source)
    if kind == "unknown":
        raise BackupError(f"{source} is neither a SQLite database nor a pg_dump archive.")
    if kind != backend:
        raise BackupError(
            f"{source} is a {_label(kind)} backup but this app runs on {_label(backend)}: "
            "restore it into a database of the same kind."
        )
    db.session.remove()
    db.engine.dispose()  # no pooled connection of ours holds the old data or a lock
    if backend == "sqlite":
        live = _sqlite_path(url)
        if live == source:
            raise BackupError("The backup file is the live database itself.")
        _sqlite_check_is_ours(source)
        _sqlite_copy(source, live, check=True)
    else:
        _pg_restore(url, source)
    db.engine.dispose()
    return Result(source, backend, source.stat().st_size)


def _label(kind: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[kind]


def _sqlite_check_is_ours(source: Path) -> None:
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    if not {"meeting", "participant", "app_user"} <= tables:
        raise BackupError(f"{source} is a SQLite database, but not one of this app.")


# ---------------------------------------------------------------- PostgreSQL tools


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    query = dict(url.query)
    settings = {
        "PGHOST": url.host or query.get("host"),
        "PGPORT": str(url.port) if url.port else query.get("port"),
        "PGUSER": url.username or query.get("user"),
        "PGPASSWORD": url.password or query.get("password"),
        "PGDATABASE": url.database or query.get("dbname"),
        "PGSSLMODE": query.get("sslmode"),
    }
    for key, value in settings.items():
        if value:
            env[key] = str(value)
    return env


def server_major_version() -> int:
    with db.engine.connect() as connection:
        return int(connection.scalar(text("SHOW server_version_num"))) // 10000


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore of the server's major version (a newer one also works)."""
    configured = current_app.config.get("PG_BIN_DIR") or os.environ.get("PG_BIN_DIR")
    if configured:
        candidate = Path(configured) / name
        if candidate.exists():
            return str(candidate)
        raise BackupError(f"{name} not found in PG_BIN_DIR={configured}.")
    major = server_major_version()
    debian = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if debian.exists():
        return str(debian)
    for newer in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        version = newer.parent.parent.name
        if version.isdigit() and int(version) >= major:
            return str(newer)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} for PostgreSQL {major} is not installed (apt install postgresql-client-{major}, "
        "or set PG_BIN_DIR)."
    )


def _run(command: list[str], url: URL) -> None:
    completed = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True)
    if completed.returncode != 0:
        message = (completed.stderr or completed.stdout).strip()
        raise BackupError(f"{Path(command[0]).name} failed: {message}")


def _pg_dump(url: URL, destination: Path) -> None:
    _run([pg_tool("pg_dump"), "--format=custom", "--file", str(destination)], url)


def _pg_restore(url: URL, source: Path) -> None:
    if not url.database:
        raise BackupError("The database URL names no database to restore into.")
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            url.database,
            str(source),
        ],
        url,
    )
