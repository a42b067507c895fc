"""flask --app app generate --years 10: a realistic multi-year dataset for benchmarks."""

import click

generate_commands: list[click.Command] = []
