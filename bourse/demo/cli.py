"""``flask seed-demo``."""

import click
from flask.cli import with_appcontext

from bourse.unit_of_work import WRITE_LOCK, transactional


@click.command("seed-demo")
@with_appcontext
@transactional(WRITE_LOCK)  # the demo adds slots, whose no-overlap check needs the lock
def seed_demo() -> None:
    """Fill the database with a believable Auray town centre (safe to run again)."""
    # The demo's data and seeding code are read when the command runs, not by every web worker.
    from bourse.demo.data import DEMO_PASSWORD_NOTE, DEMO_USERS
    from bourse.demo.seed import seed_demo as run_seed

    result = run_seed(progress=lambda message: click.echo(f"  {message}"))
    click.echo(f"Demo ready: {result['premises_total']} premises ({result['premises_added']} new).")
    click.echo(DEMO_PASSWORD_NOTE)
    for user in DEMO_USERS:
        click.echo(f"  {user.role:<13} {user.email:<26} {user.password}")
