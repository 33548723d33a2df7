"""``flask users ...``: create town managers and administrators from the shell."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from bourse.unit_of_work import transactional
from bourse.accounts import services
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.towns.models import Town


@click.group("users")
def users_cli() -> None:
    """Manage user accounts."""


def _create(email: str, name: str, password: str, role: Role, towns: list[Town]) -> None:
    try:
        user = services.create_user(email, password, name, role, towns)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {role.value} {user.email} (id {user.id})")


@users_cli.command("create-manager")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option("--town", "insee_codes", multiple=True, required=True, help="INSEE code of a town; repeat for several.")
@click.password_option(help="Prompted for when omitted.")
@with_appcontext
@transactional()
def create_manager(email: str, name: str, insee_codes: tuple[str, ...], password: str) -> None:
    """Create a town manager attached to one or more towns."""
    towns = db.session.scalars(db.select(Town).where(Town.insee_code.in_(insee_codes))).all()
    missing = set(insee_codes) - {t.insee_code for t in towns}
    if missing:
        raise click.ClickException(f"unknown town INSEE code(s): {', '.join(sorted(missing))}")
    _create(email, name, password, Role.TOWN_MANAGER, list(towns))


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.password_option(help="Prompted for when omitted.")
@with_appcontext
@transactional()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator."""
    _create(email, name, password, Role.ADMIN, [])
