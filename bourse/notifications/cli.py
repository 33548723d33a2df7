"""``flask outbox send``: the e-mail worker."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from bourse.notifications import outbox
from bourse.unit_of_work import unit_of_work


@click.group("outbox")
def outbox_cli() -> None:
    """The e-mail outbox."""


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending what falls due.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds with --loop.")
@with_appcontext
def send(loop: bool, interval: float) -> None:
    """Send pending e-mails; failures are retried later with back-off."""
    while True:
        with unit_of_work():  # one batch, one transaction: its rows stay locked until recorded
            report = outbox.send_due()
        if report.sent or report.retried or report.given_up or not loop:
            click.echo(f"sent {report.sent}, will retry {report.retried}, gave up {report.given_up}")
        if not loop:
            return
        time.sleep(interval)
