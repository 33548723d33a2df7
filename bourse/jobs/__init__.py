"""Background work: jobs written with the event that causes them, run by workers through Huey.

``enqueue(name, **payload)`` adds a row to ``jobs`` in the caller's unit of work; once that commits,
the job is handed to the queue (Huey: an SQLite file by default, Redis in production). A worker
(``flask jobs worker``) runs each job as its own unit of work, retries it with back-off, and records
its failure. If the queue is unreachable when the request commits, the row still holds the work and
the periodic sweep hands it over once the queue is back.
"""

from bourse.jobs.registry import handler
from bourse.jobs import services
from bourse.jobs.services import enqueue, enqueue_once, progress

__all__ = ["enqueue", "enqueue_once", "handler", "progress", "services"]
