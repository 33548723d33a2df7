"""``flask leases remind``: deadline reminders, to run daily (cron or a scheduler)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from bourse.applications import leases
from bourse.domain import Conflict
from bourse.unit_of_work import unit_of_work
from bourse.timeutil import utcnow


@click.group("leases")
def leases_cli() -> None:
    """Lease tracker."""


@leases_cli.command("remind")
@click.option("--on", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this day (YYYY-MM-DD), to catch up after an outage.")
@with_appcontext
def remind(day) -> None:
    """Send the reminders due today (renewal decisions, ends of trial, quarterly reviews)."""
    today = day.date() if day else utcnow().date()
    count = 0
    with current_app.test_request_context():  # links in the notifications
        with unit_of_work():
            due = leases.due_reminders(today)
        for lease_id, kind, day in due:
            try:
                with unit_of_work():  # each reminder on its own: one failure does not hold back the rest
                    leases.send_reminder(lease_id, kind, day)
                count += 1
            except Conflict:
                continue  # another run sent it meanwhile
    click.echo(f"{count} reminder(s) sent")
