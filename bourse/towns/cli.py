"""``flask towns ...``."""

import click
from flask.cli import with_appcontext

from bourse.unit_of_work import transactional
from bourse.towns import services


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
