"""``flask towns ...``, and ``flask users create-manager`` (a manager belongs to towns, which sit above accounts)."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from tqdm import tqdm

from bourse.accounts.cli import create_account, users_cli
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.towns import services, shops
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


@towns_cli.command("import-shops")
@click.argument("insee_code")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the town's current list of shops.")
@click.option("--valid-only", is_flag=True, help="Import the valid lines and list the others (default: all or none).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the report.")
@with_appcontext
@transactional()
def import_shops(insee_code: str, csv_file: Path, replace: bool, valid_only: bool, lang: str) -> None:
    """Import a town's existing shops from CSV (name, sector, lat, lon[, address]), with a progress bar."""
    town = db.session.scalar(db.select(Town).where(Town.insee_code == insee_code))
    if town is None:
        raise click.ClickException(f"unknown town INSEE code: {insee_code}")
    with tqdm(total=0, unit=" lines", desc=f"{town.name}: checking", leave=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = shops.import_shops(town, csv_file.read_bytes(), replace=replace, valid_only=valid_only,
                                    progress=progress)
    with force_locale(lang):
        for message in report.messages(town.name):
            click.echo(message, err=True)
        if report.problem_count > len(report.problems):
            click.echo(f"... {report.problem_count - len(report.problems)} more", err=True)
    if not report.imported:
        raise click.ClickException(f"nothing imported ({report.problem_count} bad lines)"
                                   if report.problem_count else "nothing imported")
    click.echo(f"{report.added} shops imported, {report.replaced} replaced, {report.problem_count} lines skipped")


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
