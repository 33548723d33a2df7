"""``flask leases remind``: deadline reminders, to run daily (cron or a scheduler)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from bourse.applications import leases
from bourse.timeutil import utcnow


@click.group("leases")
def leases_cli() -> None:
    """Lease tracker."""


@leases_cli.command("remind")
@with_appcontext
def remind() -> None:
    """Send the reminders due today (renewal decisions, ends of trial, quarterly reviews)."""
    with current_app.test_request_context():  # links in the notifications
        count = leases.send_reminders(utcnow().date())
    click.echo(f"{count} reminder(s) sent")
