"""E-mail job throughput: one real worker process delivering the outbox to a local aiosmtpd server.

    python -m bench.email [--messages 2000] [--backends spatialite,postgis]

The messages are written to the outbox first (as notifications would), then one ``outbox.send_due``
job is queued and a real ``flask jobs worker`` process (one thread) delivers them; the figure is
messages received by the SMTP server per second, from the job's hand-over to the last message.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bourse import jobs
from bourse.extensions import db
from bourse.jobs import queue
from bourse.notifications.models import OutboxMessage
from bench.search import build_app
from tests.support.smtp import start_smtp_server

ROOT = Path(__file__).resolve().parents[1]


def run(backend: str, n: int) -> str:
    controller, inbox = start_smtp_server()
    with tempfile.TemporaryDirectory() as tmp:
        app, cleanup = build_app(backend, Path(tmp))
        queue_url = f"sqlite:///{tmp}/jobs.db" if backend == "spatialite" else "redis://127.0.0.1:6379/12"
        if backend != "spatialite":
            import redis

            redis.Redis.from_url(queue_url).flushdb()  # this benchmark's own database number
        app.extensions[queue.EXTENSION] = queue.make_storage(queue_url)
        env = {**os.environ, "BOURSE_ENV": "testing", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "JOBS_URL": queue_url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(controller.port),
               "PUBLIC_URL": "http://bourse.test", "BOURSE_INSTANCE_PATH": tmp, "PYTHONPATH": str(ROOT)}
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers",
                                   "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with app.app_context():
                db.session.add_all([OutboxMessage(to_email=f"u{i}@example.com", subject=f"Message {i}",
                                                  body="Bonjour") for i in range(n)])
                db.session.commit()
                time.sleep(3)  # the worker is up
                start = time.perf_counter()
                jobs.enqueue("outbox.send_due")
                db.session.commit()
                deadline = time.monotonic() + 600
                while len(inbox.messages) < n and time.monotonic() < deadline:
                    time.sleep(0.05)
                elapsed = time.perf_counter() - start
                db.session.remove()
                db.engine.dispose()
        finally:
            worker.terminate()
            worker.wait(timeout=10)
            controller.stop()
        if cleanup is not None:
            from tests.support import postgis

            postgis.drop_database(cleanup)
    received = len(inbox.messages)
    return f"| {backend} | {n:,} | {received:,} | {elapsed:.1f} | {received / elapsed:,.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    print("| backend | messages | received | seconds | messages per second |")
    print("|---|---:|---:|---:|---:|")
    for backend in args.backends.split(","):
        print(run(backend, args.messages), flush=True)


if __name__ == "__main__":
    main()
