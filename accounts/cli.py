"""flask --app app user create NAME --role ROLE --password PW"""

import click
from flask.cli import with_appcontext

from accounts.models import Role
from accounts.services import AccountError, create_user
from extensions import db


@click.group("user", help="Manage user accounts.")
def user_cli() -> None:
    pass


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password", required=True)
@click.option("--display-name", default=None, help="Name shown in the interface.")
@with_appcontext
def create_command(username: str, role: str, password: str, display_name: str | None) -> None:
    try:
        user = create_user(username, password, Role(role), display_name)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created user {user.username} ({user.role.value}).")
