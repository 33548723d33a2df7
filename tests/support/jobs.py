"""Running the jobs a test's actions queued, through the worker's own code path (``jobs.services.run``)."""

from __future__ import annotations

from bourse.extensions import db
from bourse.jobs import services
from bourse.jobs.models import Job, JobState
from bourse.timeutil import utcnow


def work_off(limit: int = 100) -> list[str]:
    """Commit what the test did (as its request would have), then run every due job, oldest first,
    as a worker would, including the jobs those jobs queue. Returns each outcome."""
    db.session.commit()
    outcomes = []
    for _ in range(limit):
        due = db.session.scalar(db.select(Job.id).where(Job.state == JobState.QUEUED.value, Job.run_after <= utcnow())
                                .order_by(Job.id).limit(1))
        db.session.commit()
        if due is None:
            return outcomes
        outcomes.append(services.run(due))
    raise AssertionError("jobs keep queueing jobs")


def jobs_named(name: str, queued: bool = False) -> int:
    """How many jobs called ``name`` were ever queued (only those still waiting, with ``queued``)."""
    query = db.select(db.func.count()).select_from(Job).where(Job.name == name)
    if queued:
        query = query.where(Job.state == JobState.QUEUED.value)
    return db.session.scalar(query)
