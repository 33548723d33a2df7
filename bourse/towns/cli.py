"""``flask towns ...``, and ``flask users create-manager`` (a manager belongs to towns, which sit above accounts)."""

import click
from flask.cli import with_appcontext

from bourse.accounts.cli import create_account, users_cli
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.towns import services
from bourse.towns.models import Town
from bourse.unit_of_work import transactional


@click.group("towns")
def towns_cli() -> None:
    """Manage towns."""


@towns_cli.command("seed")
@with_appcontext
@transactional()
def seed() -> None:
    """Load the reference French towns (Auray, Vannes, Chalon-sur-Saône, Thionville...)."""
    towns = services.seed_reference_towns(progress=click.echo)
    click.echo(f"{len(towns)} reference towns present")


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
    create_account(email, name, password, Role.TOWN_MANAGER, list(towns))
