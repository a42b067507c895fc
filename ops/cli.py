"""Operational commands (backup, restore)."""

import click

ops_commands: list[click.Command] = []
