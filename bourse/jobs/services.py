"""Jobs: enqueue with the event, hand over after commit, run once as a unit of work, retry, record failure."""

from __future__ import annotations

import logging
import time
import traceback
from contextvars import ContextVar
from datetime import timedelta

from sqlalchemy import update

from bourse import unit_of_work
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.jobs.models import Job, JobState
from bourse.jobs.registry import HANDLERS, PERIODIC
from bourse.ops import gauges, request_ids
from bourse.timeutil import utcnow

log = logging.getLogger(__name__)
ONCE_KEY = "bourse_jobs_once"
FIRST_RETRY = timedelta(seconds=10)
LONGEST_WAIT = timedelta(hours=1)
LOST_AFTER = timedelta(seconds=30)  # a queued job not picked up by then is handed over again
KEEP_DONE = timedelta(days=7)
PROGRESS_EVERY = 0.3  # seconds between two progress writes: a page polls, it needs no more
_current: ContextVar[dict | None] = ContextVar("bourse_current_job", default=None)


def enqueue(name: str, subject: str | None = None, requested_by: int | None = None, **payload) -> Job:
    """Record the job in the current unit of work; it is handed to the queue once that commits.

    ``subject`` names what it works on ("town:12") and ``requested_by`` the user who asked, so a
    page can list and guard them.

    :raises KeyError: for a job name no handler declares (a programming error).
    """
    spec = HANDLERS[name]
    job = Job(name=name, payload=payload, max_attempts=spec.max_attempts, state=JobState.QUEUED.value,
              subject=subject, requested_by_id=requested_by, request_id=request_ids.current())
    db.session.add(job)
    db.session.flush()
    job_id = job.id
    unit_of_work.after_commit(lambda: dispatch(job_id))
    return job


def enqueue_once(name: str, **payload) -> None:
    """``enqueue`` at most once per unit of work for this name and payload (e.g. "send the outbox")."""
    key = (name, tuple(sorted(payload.items())))
    session = db.session()
    done = session.info.setdefault(ONCE_KEY, set())
    if key not in done:
        done.add(key)
        enqueue(name, **payload)
        forget = lambda: session.info.pop(ONCE_KEY, None)  # noqa: E731 (the same hook twice)
        unit_of_work.after_commit(forget)
        unit_of_work.on_rollback(forget)  # a unit of work started over must queue it again


def dispatch(job_id: int, delay: float | None = None) -> bool:
    """Hand a job to the queue. A queue that does not answer is logged, not raised: the row keeps
    the work, and the sweep hands it over later."""
    from bourse.jobs.queue import run_job

    try:
        if delay:
            run_job.schedule((job_id,), delay=delay)
        else:
            run_job(job_id)
        return True
    except Exception as exc:  # the queue's own errors (Redis down, disk full): never lose the request
        log.warning("job %s not handed to the queue (%s); the sweep will retry", job_id, exc)
        return False


def backoff(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def _claim(job_id: int) -> bool:
    """Take the job for this worker, in a transaction of its own: only one worker ever gets it."""
    with unit_of_work.unit_of_work():
        claimed = db.session.execute(
            update(Job).where(Job.id == job_id, Job.state == JobState.QUEUED.value, Job.run_after <= utcnow())
            .values(state=JobState.RUNNING.value, attempts=Job.attempts + 1, started_at=utcnow())
        ).rowcount
    return claimed == 1


def run(job_id: int) -> str:
    """Run one job: its effects and its completion commit together, or not at all.

    Returns ``done``, ``retry``, ``failed`` or ``skipped`` (taken by another worker, or not due).
    """
    if not _claim(job_id):
        return "skipped"
    job = db.session.get(Job, job_id)
    name, payload = job.name, dict(job.payload or {})
    token = _current.set({"id": job_id, "written_at": 0.0})
    request_token = request_ids.bind(job.request_id)  # its log lines, and the jobs it queues, carry the request's id
    log.info("job %s (%s) started, attempt %s", job_id, name, job.attempts, extra={"job_id": job_id, "job": name})
    try:
        spec = HANDLERS[name]
        with unit_of_work.unit_of_work(spec.lock):
            result = spec.run(**payload)
            done = {"state": JobState.DONE.value, "finished_at": utcnow(), "last_error": None}
            if isinstance(result, dict):
                done["result"] = result
            db.session.execute(update(Job).where(Job.id == job_id).values(**done))
        log.info("job %s (%s) done", job_id, name, extra={"job_id": job_id, "job": name})
        return "done"
    except Exception as exc:  # any failure of the job is recorded, never silent
        log.warning("job %s (%s) failed: %s", job_id, name, exc, extra={"job_id": job_id, "job": name})
        return _failed(job_id, exc)
    finally:
        request_ids.unbind(request_token)
        _current.reset(token)


def progress(done: int, total: int | None) -> None:
    """Tell the job's watchers how far it is (a page's progress bar). Outside a job: nothing.

    Written at most every ``PROGRESS_EVERY`` seconds, on its own connection, so it is visible
    while the job's own transaction is still open.
    """
    current = _current.get()
    if current is None:
        return
    now = time.monotonic()
    if now - current["written_at"] < PROGRESS_EVERY and done != total:
        return
    current["written_at"] = now
    unit_of_work.independently(update(Job).where(Job.id == current["id"]).values(
        progress_done=done, progress_total=total))


def for_subject(subject: str, name: str | None = None, limit: int = 5) -> list[Job]:
    """The latest jobs about ``subject``, newest first."""
    query = db.select(Job).where(Job.subject == subject).order_by(Job.id.desc()).limit(limit)
    if name:
        query = query.where(Job.name == name)
    return list(db.session.scalars(query))


def _failed(job_id: int, exc: Exception) -> str:
    error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
    with unit_of_work.unit_of_work():
        job = db.session.get(Job, job_id)
        job.last_error = error
        if job.attempts >= job.max_attempts:
            job.state, job.finished_at = JobState.FAILED.value, utcnow()
            outcome, wait = "failed", None
        else:
            wait = backoff(job.attempts)
            job.state, job.run_after = JobState.QUEUED.value, utcnow() + wait
            outcome = "retry"
    if wait is not None:
        dispatch(job_id, delay=wait.total_seconds())
    return outcome


def sweep(stale_after: timedelta | None = None) -> int:
    """Hand over again the queued jobs nobody took (the queue was down, or a worker died holding
    them) and put back the running jobs abandoned by a killed worker. Returns how many."""
    from flask import current_app

    now = utcnow()
    if stale_after is None:
        stale_after = timedelta(seconds=current_app.config.get("JOB_TIMEOUT", 600))
    with unit_of_work.unit_of_work():
        abandoned = list(db.session.scalars(db.select(Job.id).where(
            Job.state == JobState.RUNNING.value, Job.started_at <= now - stale_after)))
        if abandoned:
            db.session.execute(update(Job).where(Job.id.in_(abandoned), Job.state == JobState.RUNNING.value)
                               .values(state=JobState.QUEUED.value, run_after=now))
        db.session.execute(db.delete(Job).where(Job.state == JobState.DONE.value, Job.finished_at < now - KEEP_DONE))
        lost = list(db.session.scalars(db.select(Job.id).where(
            Job.state == JobState.QUEUED.value, Job.run_after <= now, Job.created_at < now - LOST_AFTER)))
    again = sorted(set(lost) | set(abandoned))
    for job_id in again:
        dispatch(job_id)
    return len(again)


def start_periodic(every: str) -> None:
    """Enqueue the jobs declared to run every minute or every day."""
    with unit_of_work.unit_of_work():
        for name in PERIODIC.get(every, ()):
            enqueue(name)


def retry(job_id: int) -> Job:
    """Give a failed job a new set of attempts, now.

    :raises NotFound: for an unknown job.
    """
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound()
    job.state, job.attempts, job.run_after, job.finished_at = JobState.QUEUED.value, 0, utcnow(), None
    db.session.flush()
    unit_of_work.after_commit(lambda: dispatch(job_id))
    return job


def listing(state: str | None = None, limit: int = 200) -> list[Job]:
    query = db.select(Job).order_by(Job.id.desc()).limit(limit)
    if state:
        query = query.where(Job.state == state)
    return list(db.session.scalars(query))


def counts() -> dict[str, int]:
    rows = db.session.execute(db.select(Job.state, db.func.count(Job.id)).group_by(Job.state)).all()
    return {state.value: 0 for state in JobState} | {state: n for state, n in rows}


@gauges.gauge("bourse_jobs", "Jobs by state (queued: the queue's depth; failed: gave up after their last attempt)",
               label="state")
def _jobs_by_state() -> dict[str, float]:
    return counts()
