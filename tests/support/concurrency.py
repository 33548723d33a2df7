"""Run several requests' worth of work really at the same moment, each with its own session."""

from __future__ import annotations

import threading
from typing import Callable

from bourse.extensions import db

# A job loads what it needs, calls ready() to wait for the others, then acts and returns an outcome.
Job = Callable[[Callable[[], None]], object]


def at_once(app, jobs: list[Job], timeout: float = 60) -> list:
    """Start every job in its own thread, app context and database session; release them together.

    Returns each job's outcome in finishing order; an unexpected exception becomes its repr(),
    so that the test's assertion shows it.
    """
    db.session.commit()  # what the test built is committed, as by earlier requests
    barrier, outcomes, lock = threading.Barrier(len(jobs)), [], threading.Lock()

    def run(job: Job) -> None:
        # Each job is a request: its work commits at the end, or rolls back when it failed.
        with app.app_context(), app.test_request_context():
            try:
                result = job(barrier.wait)
                try:
                    db.session.commit()
                except Exception:  # a refusal the job answered itself: nothing of it is kept
                    db.session.rollback()
            except Exception as exc:
                result = repr(exc)
            finally:
                db.session.remove()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
