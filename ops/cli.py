"""Operational commands: flask --app app backup FILE / restore FILE [--yes]."""

import time
from collections.abc import Callable
from typing import TypeVar

import click
from flask.cli import with_appcontext

from ops.backup import BackupError, backup, restore

T = TypeVar("T")


def _timed(step: Callable[[str], T], file: str) -> tuple[T, float]:
    """Run a backup or restore step; its result and the seconds it took, or a clean error."""
    started = time.perf_counter()
    try:
        result = step(file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    return result, time.perf_counter() - started


@click.command("backup", help="Write a consistent snapshot of the database to FILE.")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(file: str) -> None:
    result, seconds = _timed(backup, file)
    click.echo(
        f"Backup of the {result.backend} database written to {result.path} "
        f"({result.size:,} bytes, {seconds:.1f} s)."
    )


@click.command("restore", help="Replace ALL data in the database with the backup in FILE.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask: replace the data.")
@with_appcontext
def restore_command(file: str, yes: bool) -> None:
    if not yes:
        click.confirm(
            f"This replaces every record in the database with the backup {file}. Continue?",
            abort=True,
        )
    result, seconds = _timed(restore, file)
    click.echo(f"Restored the {result.backend} database from {result.path} ({seconds:.1f} s).")


ops_commands: list[click.Command] = [backup_command, restore_command]
