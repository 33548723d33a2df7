"""A code update restarts gunicorn without refusing a request, as docs/deploy.md does it: systemd
holds the listening socket (deploy/systemd/bourse-web.socket) and hands it to each gunicorn it
starts (LISTEN_FDS); connections made while the old one stops and the new one loads the app wait
in the socket's queue. The app is preloaded by the master (deploy/gunicorn.conf.py's default),
which keeps no database connection of its own.

systemd is played by this test: it opens the socket and starts gunicorn as systemd would, with the
socket as file descriptor 3 and LISTEN_PID set to gunicorn's own process id."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from bourse import create_app
from bourse.extensions import db
from tests.conftest import _unavailable, test_config
from tests.support import postgis
from tests.support.db import migrate_to_head, new_database
from tests.support.servers import answers

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# Moves the socket to descriptor 3 and becomes gunicorn (exec keeps the pid LISTEN_PID names).
AS_SYSTEMD_DOES = """import os, sys
os.dup2(int(sys.argv[1]), 3)
os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
os.execv(sys.argv[2], [sys.argv[2], "-c", "deploy/gunicorn.conf.py", "wsgi:app"])
"""


@pytest.fixture
def database(backend, tmp_path, tile_server):
    reason = postgis.unavailable_reason() if backend == "postgis" else None
    if reason:
        _unavailable(reason)
    url, made = new_database(backend, tmp_path)
    app = create_app(test_config(url, tile_server))
    migrate_to_head(app)
    with app.app_context():
        db.engine.dispose()
    yield url
    if made is not None:
        postgis.drop_database(made)


def start(held: socket.socket, url: str, tmp_path: Path, log) -> subprocess.Popen:
    env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": url,
           "PUBLIC_URL": "http://127.0.0.1", "SESSION_COOKIE_SECURE": "0", "BOURSE_INSTANCE_PATH": str(tmp_path),
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "JOBS_URL": "memory://", "WEB_CONCURRENCY": "2",
           "GEOCODER_URL": "http://127.0.0.1:9", "PYTHONPATH": str(ROOT)}
    env.pop("GUNICORN_PRELOAD", None)  # the configuration's default is what is tested
    return subprocess.Popen([sys.executable, "-c", AS_SYSTEMD_DOES, str(held.fileno()), GUNICORN], cwd=ROOT, env=env,
                            pass_fds=(held.fileno(),), stdout=log, stderr=subprocess.STDOUT)


def database_connections_of(pid: int) -> int:
    """TCP connections of process ``pid`` to PostgreSQL's port (5432), from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[9] in inodes and fields[2].endswith(":1538"):  # remote port 5432
            count += 1
    return count


def modules_mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_a_restart_loads_new_code_without_refusing_a_request(database, tmp_path):
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen(2048)
    base = f"http://127.0.0.1:{held.getsockname()[1]}"
    log = (tmp_path / "gunicorn.log").open("w")
    first = start(held, database, tmp_path, log)
    second = None
    try:
        assert answers(f"{base}/healthz"), (tmp_path / "gunicorn.log").read_text()
        # Preloaded: the master imported the app (Shapely's compiled part, which gunicorn never
        # loads, is mapped in the master), and let go of the connection it checked the database
        # with before forking the workers.
        assert "/shapely/" in modules_mapped(first.pid)
        if database.startswith("postgresql"):
            assert database_connections_of(first.pid) == 0

        results: list[tuple[float, object]] = []
        stop = threading.Event()

        def visitor() -> None:
            while not stop.is_set():
                try:  # a new connection each time: each one must be taken by one gunicorn or the other
                    answer = requests.get(f"{base}/connexion", headers={"Connection": "close"}, timeout=60)
                    results.append((time.monotonic(), answer.status_code))
                except requests.RequestException as exc:
                    results.append((time.monotonic(), type(exc).__name__))
                time.sleep(0.02)

        visitors = [threading.Thread(target=visitor) for _ in range(4)]
        for thread in visitors:
            thread.start()
        time.sleep(1)
        first.send_signal(signal.SIGTERM)  # systemctl restart: stop (gracefully), then start
        first.wait(timeout=60)
        stopped = time.monotonic()
        second = start(held, database, tmp_path, log)
        assert answers(f"{base}/healthz"), (tmp_path / "gunicorn.log").read_text()
        time.sleep(1)
        stop.set()
        for thread in visitors:
            thread.join(timeout=90)

        assert [outcome for _at, outcome in results if outcome != 200] == []
        assert len([at for at, _ in results if at > stopped]) >= 8  # the new gunicorn answered, queued ones first
        assert first.returncode == 0 and second.poll() is None
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=60)
        log.close()
        held.close()
