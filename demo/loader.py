"""flask --app app demo (placeholder)."""

import click


@click.command("demo")
def demo_command() -> None:
    click.echo("demo")
