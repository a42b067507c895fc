"""flask --app app committee create NAME --short SHORT --level district [--parent SHORT]
flask --app app committee list"""

import click
from flask.cli import with_appcontext

from audit.services import acting_as
from committees import services
from committees.models import CommitteeLevel
from common.errors import RuleViolation
from extensions import db


@click.group("committee", help="Manage the install's committees (city, districts, counties).")
def committee_cli() -> None:
    pass


@committee_cli.command("create")
@click.argument("name")
@click.option("--short", "short_name", required=True, help="Short name, e.g. 云溪区.")
@click.option("--level", type=click.Choice([lv.value for lv in CommitteeLevel]), required=True)
@click.option("--parent", default=None, help="The city's short name (districts, counties).")
@with_appcontext
def create_command(name: str, short_name: str, level: str, parent: str | None) -> None:
    try:
        with acting_as("cli"):
            parent_committee = None
            if parent:
                parent_committee = services.find_committee(parent)
                if parent_committee is None:
                    raise click.ClickException(f"No committee {parent!r}.")
            committee = services.create_committee(name, short_name, level, parent_committee)
            db.session.commit()
    except RuleViolation as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Created committee {committee.short_name} ({committee.name}, {level}).")


@committee_cli.command("list")
@with_appcontext
def list_command() -> None:
    committees = services.all_committees()
    if not committees:
        click.echo("No committees yet.")
    for committee in committees:
        parent = f" under {committee.parent.short_name}" if committee.parent else ""
        click.echo(
            f"{committee.id:>4}  {committee.short_name}  {committee.name}"
            f"  ({committee.level.value}{parent})"
        )


committee_commands: list[click.Command] = [committee_cli]
