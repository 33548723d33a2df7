"""Real job workers for tests: ``workers.start()`` runs ``flask jobs worker`` on the test's database.

The queue is an SQLite file on SpatiaLite and Redis (database 11, this suite's own) on PostGIS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bourse.extensions import db
from bourse.jobs import queue

ROOT = Path(__file__).resolve().parents[2]
# Each test process (pytest-xdist runs two) has its own pair of Redis databases, 11 and 12 for the
# first, 13 and 14 for the second: emptied here, never the others.
XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{11 + 2 * XDIST_WORKER}")
LIMITS_REDIS_URL = os.environ.get("TEST_LIMITS_REDIS_URL", f"redis://127.0.0.1:6379/{12 + 2 * XDIST_WORKER}")


def wait_for(condition, timeout: float = 30, what: str = "the worker") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.commit()  # a fresh snapshot each time
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def queue_url(backend, tmp_path) -> str:
    if backend == "spatialite":
        return f"sqlite:///{tmp_path / 'jobs.db'}"
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


@pytest.fixture
def workers(app, queue_url, smtp_controller, tmp_path):
    """``workers.start()`` starts one more worker process on the test's database and queue."""
    previous = app.extensions[queue.EXTENSION]
    app.extensions[queue.EXTENSION] = queue.make_storage(queue_url)  # this app now hands jobs to that queue
    env = {**os.environ, "BOURSE_ENV": "testing", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "JOBS_URL": queue_url, "JOB_MODULES": "tests.support.jobs_for_tests", "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp_controller[0].port), "PUBLIC_URL": "http://bourse.test",
           "UPLOAD_FOLDER": str(app.config["UPLOAD_FOLDER"]), "BOURSE_INSTANCE_PATH": str(tmp_path),
           "RATELIMIT_ENABLED": "0", "PYTHONPATH": str(ROOT)}
    started: list[subprocess.Popen] = []
    logs = []

    class Workers:
        @staticmethod
        def start(**settings: str) -> subprocess.Popen:
            """One more worker; ``settings`` are environment variables of its own (``LOG_FORMAT="json"``)."""
            log = (tmp_path / f"worker{len(started)}.log").open("w")
            logs.append(log)
            process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker",
                                        "--workers", "2"], cwd=ROOT, env={**env, **settings}, stdout=log,
                                       stderr=subprocess.STDOUT)
            started.append(process)
            return process

        @staticmethod
        def logs() -> str:
            return "\n".join(p.read_text() for p in tmp_path.glob("worker*.log"))

    yield Workers
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)  # reaped: never left running behind the test
    for log in logs:
        log.close()
    app.extensions[queue.EXTENSION] = previous
