"""``flask jobs ...``: the worker, and what is queued, running and failed."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from bourse.domain import NotFound
from bourse.jobs import queue, services
from bourse.jobs.models import JobState
from bourse.unit_of_work import unit_of_work


@click.group("jobs")
def jobs_cli() -> None:
    """Background jobs."""


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running jobs in this process.")
@click.option("--nice", "niceness", default=19, show_default=True, type=click.IntRange(0, 19),
              help="CPU priority given up to the web processes on the same host (0 on a host of its own).")
@with_appcontext
def worker(workers: int, niceness: int) -> None:
    """Run jobs as they come, the retries when due, and the periodic jobs (every minute, every morning).

    Start as many as you like, on as many hosts as share the queue (JOBS_URL=redis://...).
    """
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)  # background work waits; a person's request does not (bench/publish.py)
    app = current_app._get_current_object()
    queue.serve(app)
    click.echo(f"worker on {app.config['JOBS_URL'].split('@')[-1]} with {workers} thread(s)")
    queue.queue.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True,
                                initial_delay=0.1, backoff=1.15, max_delay=2.0).run()


@jobs_cli.command("list")
@click.option("--state", type=click.Choice([s.value for s in JobState]), default=None)
@with_appcontext
def list_jobs(state: str | None) -> None:
    """Jobs, newest first, with their attempts and last error."""
    with unit_of_work():
        counts = services.counts()
        click.echo("  ".join(f"{name} {n}" for name, n in counts.items()))
        for job in services.listing(state):
            error = (job.last_error or "").splitlines()[-1:] or [""]
            click.echo(f"{job.id:>6}  {job.state:<8} {job.name:<28} {job.attempts}/{job.max_attempts}  {error[0][:80]}")


@jobs_cli.command("retry")
@click.argument("job_id", type=int)
@with_appcontext
def retry(job_id: int) -> None:
    """Give a failed job a new set of attempts."""
    try:
        with unit_of_work():
            services.retry(job_id)
    except NotFound:
        raise click.ClickException(f"no job {job_id}") from None
    click.echo(f"job {job_id} queued again")


@jobs_cli.command("run")
@with_appcontext
def run_due() -> None:
    """Run the due jobs here and now, without a worker (for a host with cron only, or a quick check)."""
    with unit_of_work():
        due = [job.id for job in services.listing(JobState.QUEUED.value)]
    outcomes = [services.run(job_id) for job_id in reversed(due)]
    click.echo(f"{outcomes.count('done')} done, {outcomes.count('retry')} to retry, {outcomes.count('failed')} failed")
