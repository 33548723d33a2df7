"""``flask users ...``: create administrators from the shell (town managers: ``bourse.towns.cli``)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from bourse.accounts import services
from bourse.accounts.roles import Role
from bourse.unit_of_work import transactional


@click.group("users")
def users_cli() -> None:
    """Manage user accounts."""


def create_account(email: str, name: str, password: str, role: Role, towns=()) -> None:
    """Create the account, or stop with the refusal's message."""
    try:
        user = services.create_user(email, password, name, role, towns)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {role.value} {user.email} (id {user.id})")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.password_option(help="Prompted for when omitted.")
@with_appcontext
@transactional()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator."""
    create_account(email, name, password, Role.ADMIN)
