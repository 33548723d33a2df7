"""The transport: Huey, on an SQLite file (no server, the default) or on Redis (several workers, hosts).

Why Huey: one library and one code path for both deployments; its SQLite storage needs no server for
``make run``, its Redis storage serves any number of workers on any number of hosts; it schedules
delayed retries and periodic tasks itself, so no outside crontab. RQ and Celery need Redis or a
broker even for the demo.

The queue only carries job ids. What to run, its state and its errors live in the ``jobs`` table,
written in the same transaction as the event, so nothing is lost when the queue is unreachable.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import BaseStorage, MemoryStorage, RedisStorage, SqliteStorage

from bourse.config import ConfigError

EXTENSION = "bourse.jobs"


class AppHuey(Huey):
    """One queue object per process; its storage is the current app's (tests run several apps)."""

    @property
    def storage(self) -> BaseStorage:
        if has_app_context() and EXTENSION in current_app.extensions:
            return current_app.extensions[EXTENSION]
        return self._fallback

    @storage.setter
    def storage(self, value: BaseStorage) -> None:
        self._fallback = value


queue = AppHuey("bourse", results=False, storage_class=MemoryStorage)
_worker_app: dict[str, Flask] = {}


def make_storage(url: str) -> BaseStorage:
    """``sqlite:///path/jobs.db``, ``redis://host:6379/0`` or ``memory://`` (nothing is ever run)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(name="bourse", url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # No fsync: the jobs table, not this file, keeps the work; a hand-over lost to a power cut
        # is handed over again by the sweep. The request that enqueues does not wait on the disk.
        return SqliteStorage(name="bourse", filename=str(path), fsync=False)
    if url == "memory://":
        return MemoryStorage(name="bourse")
    raise ConfigError(f"JOBS_URL must start with sqlite:///, redis:// or be memory://, not {url!r}")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_storage(app.config["JOBS_URL"])


def serve(app: Flask) -> None:
    """Make this process a worker for ``app``: its threads see the app's queue and run in its context."""
    _worker_app["app"] = app
    queue.storage = app.extensions[EXTENSION]


@queue.task()
def run_job(job_id: int) -> None:
    """Run one job in the worker's app (the job's own unit of work, retries and errors: services.run)."""
    from bourse.jobs import services  # services enqueue through this module

    with _worker_app["app"].app_context():
        services.run(job_id)


@queue.periodic_task(crontab(minute="*"))
def sweep_every_minute() -> None:
    """Hand over jobs whose hand-over was lost (queue down), revive the abandoned, start the minutely jobs."""
    from bourse.jobs import services

    with _worker_app["app"].app_context():
        services.sweep()
        services.start_periodic("minute")


@queue.periodic_task(crontab(minute="0", hour="6"))
def every_morning() -> None:
    from bourse.jobs import services

    with _worker_app["app"].app_context():
        services.start_periodic("day")
