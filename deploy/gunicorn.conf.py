"""gunicorn's settings for Bourse (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``), read from the
environment the systemd unit gives it (deploy/systemd/bourse-web.service, docs/deploy.md)."""

import gc
import os
import shutil
from pathlib import Path

bind = os.environ.get("BOURSE_BIND", "127.0.0.1:8000")  # nginx in front; never exposed directly
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # about one per core
threads = int(os.environ.get("GUNICORN_THREADS", "4"))  # a request waiting on the database frees the core
worker_tmp_dir = "/dev/shm"  # the heartbeat file in memory: a slow disk never looks like a hung worker
timeout = 60
graceful_timeout = 30
# The app is imported once by the master and shared by the workers copy-on-write: the libraries
# (about 100 MB) are held once, not once per worker. A code update therefore needs a restart, not a
# reload (HUP re-forks the code already loaded); systemd holds the listening socket meanwhile
# (deploy/systemd/bourse-web.socket), so a restart drops no request. GUNICORN_PRELOAD=0 turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
keepalive = 5  # nginx keeps its upstream connections open (keepalive 32 in the site)
forwarded_allow_ips = "127.0.0.1"  # the app reads X-Forwarded-* itself (TRUSTED_PROXIES)
accesslog = None  # the app writes one JSON line per request, with its request id (bourse/ops/logs.py)
errorlog = "-"

# Every worker's requests in /metrics: prometheus-client's multiprocess mode keeps them in files here.
_metrics = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    # A configuration mistake (a weak SECRET_KEY...) stops the server here, said once, rather than
    # every worker failing to start in an endless loop.
    from bourse.config import config_from_env

    config_from_env().validate()
    if _metrics:  # a restart starts the counters again, from files no dead worker left behind
        shutil.rmtree(_metrics, ignore_errors=True)
        Path(_metrics).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if _metrics:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    # Before the first fork: the master checked the database while loading the app; it serves no
    # request, so it keeps no server connection open (each worker opens its own). An SQLite file
    # stays open in it, idle: its SpatiaLite extension (18 MB of GEOS, PROJ...) then stays loaded
    # and the workers share it instead of each loading its own. Last, what the master holds is
    # moved out of the garbage collector's reach (gc.freeze): the collector writing to those
    # objects in a worker would copy the pages the workers share, one by one.
    if preload_app:
        _dispose_pools(close=True, keep_files=True)
        gc.freeze()


def post_fork(server, worker):
    # A preloaded app was made before the fork: each worker opens database connections of its own
    # (the pool must never share a socket between processes).
    if preload_app:
        _dispose_pools(close=False)  # close=False: the parent's connections are not the child's to close


def _dispose_pools(close: bool, keep_files: bool = False) -> None:
    """Empty the app's connection pools; ``keep_files``: leave SQLite's alone."""
    import wsgi
    from bourse.extensions import db

    with wsgi.app.app_context():
        for engine in db.engines.values():
            if not (keep_files and engine.dialect.name == "sqlite"):
                engine.dispose(close=close)
