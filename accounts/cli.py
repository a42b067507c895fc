"""flask --app app user create NAME --role ROLE --password PW [--participant X | --department Y]
[--committee SHORT]"""

import click
from flask.cli import with_appcontext

from accounts.models import Role
from accounts.services import create_user, find_department, find_participant
from audit.services import acting_as
from committees.current import working_in
from committees.models import Committee
from committees.services import find_committee, the_only_committee
from common.errors import RuleViolation
from extensions import db


def committee_named(short_name: str | None) -> Committee:
    """--committee, or the only committee; a message when it cannot be told."""
    if short_name is None:
        return the_only_committee()
    found = find_committee(short_name)
    if found is None:
        raise click.ClickException(f"No committee {short_name!r} (see: flask committee list).")
    return found


@click.group("user", help="Manage user accounts.")
def user_cli() -> None:
    pass


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password", required=True)
@click.option("--display-name", default=None, help="Name shown in the interface.")
@click.option("--participant", default=None, help="Member account: the member's name or id.")
@click.option("--department", default=None, help="Department account: its name or id.")
@click.option(
    "--committee", default=None, help="The committee's short name (needed when there are several)."
)
@with_appcontext
def create_command(
    username: str,
    role: str,
    password: str,
    display_name: str | None,
    participant: str | None,
    department: str | None,
    committee: str | None,
) -> None:
    try:
        with acting_as("cli"):
            chosen = committee_named(committee)
            with working_in(chosen.id):
                user = create_user(
                    username,
                    password,
                    Role(role),
                    display_name,
                    participant=find_participant(participant) if participant else None,
                    department=find_department(department) if department else None,
                    committee_id=chosen.id,
                )
                db.session.commit()
    except RuleViolation as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    scope = f", {user.scope_label}" if user.scope_label else ""
    click.echo(f"Created user {user.username} ({user.role.value}{scope}).")
