"""``flask register ...``: survey and Sirene imports from the command line, for files of any size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from bourse.extensions import db
from bourse.register import campaigns, sirene
from bourse.register.reports import ImportReport
from bourse.register.services import RegisterError
from bourse.timeutil import utcnow
from bourse.towns.models import Town
from bourse.unit_of_work import transactional


@click.group("register")
def register_cli() -> None:
    """The unit register: imports of surveys and of Sirene."""


def town_by_code(insee_code: str) -> Town:
    town = db.session.scalar(db.select(Town).where(Town.insee_code == insee_code))
    if town is None:
        raise click.ClickException(f"unknown town INSEE code: {insee_code}")
    return town


def progress_bar(description: str, unit: str = " lines"):
    from tqdm import tqdm  # the command line's, not the web workers'

    bar = tqdm(total=0, unit=unit, desc=description, leave=True, unit_scale=unit == "B")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    return bar, progress


def tell(report: ImportReport, town: Town, lang: str) -> None:
    """The report on stderr, in ``lang``; an exit status of 1 when nothing was imported."""
    with force_locale(lang):
        for message in report.notice_messages() + report.messages(town.name):
            click.echo(message, err=True)
        if report.problem_count > len(report.problems):
            click.echo(f"... {report.problem_count - len(report.problems)} more", err=True)
    if not report.imported:
        raise click.ClickException(f"{town.name}: nothing imported ({report.problem_count} bad lines)"
                                   if report.problem_count else f"{town.name}: nothing imported")


@register_cli.command("import-survey")
@click.argument("insee_code")
@click.argument("survey_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="The campaign's name (default: the file's name).")
@click.option("--date", "surveyed_on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Survey date (default: today).")
@click.option("--valid-only", is_flag=True, help="Import the valid rows and list the others (default: all or none).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the report.")
@with_appcontext
@transactional()
def import_survey(insee_code: str, survey_file: Path, name: str | None, surveyed_on, valid_only: bool,
                  lang: str) -> None:
    """Import a survey campaign (CSV or GeoJSON) for one town, with a progress bar."""
    town = town_by_code(insee_code)
    day: date = surveyed_on.date() if surveyed_on else utcnow().date()
    try:
        campaigns.check_campaign(name or survey_file.stem, day, utcnow().date())
    except RegisterError as refused:
        raise click.ClickException(str(refused.message)) from None
    bar, progress = progress_bar(f"{town.name}: checking")
    with bar:
        report = campaigns.import_survey(town, survey_file.read_bytes(), name or survey_file.stem, day,
                                         filename=survey_file.name, valid_only=valid_only, progress=progress)
    tell(report, town, lang)
    click.echo(f"{report.observations} observations: {report.created} new units, {report.matched} found, "
               f"{report.problem_count} lines skipped, {report.unseen} units not seen")


@register_cli.command("import-sirene")
@click.argument("sirene_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--town", "insee_codes", multiple=True, required=True, help="INSEE code of a town; repeat for several.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows and list the others (default: all or none).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the report.")
@with_appcontext
@transactional()
def import_sirene(sirene_file: Path, insee_codes: tuple[str, ...], valid_only: bool, lang: str) -> None:
    """Import the shops of towns from INSEE's establishment file (CSV, .gz or .zip), streamed."""
    towns = [town_by_code(code) for code in insee_codes]
    bar, progress = progress_bar("Sirene", unit="B")
    with bar, sirene.open_stream(sirene_file) as (binary, size):
        reports = sirene.import_file(binary, towns, size=size, valid_only=valid_only, filename=sirene_file.name,
                                     progress=progress)
    refused = []
    for town in towns:
        report = reports[town.insee_code]
        try:
            tell(report, town, lang)
        except click.ClickException as error:
            refused.append(error.message)
            continue
        click.echo(f"{town.name}: {report.observations} observations, {report.created} new units, "
                   f"{report.matched} found, {report.skipped} left out, {report.problem_count} lines skipped")
    if refused:
        raise click.ClickException("; ".join(refused))
