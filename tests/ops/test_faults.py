"""Faults on real components. A PostgreSQL cluster of the test's own (never the machine's main one)
is restarted while a load generator sends about 30 requests a second through gunicorn: requests in
flight get a clean 503, the service is back within 10 s without restarting gunicorn, and no row is
half-written. A Redis server of the test's own is stopped: pages still render, sign-in limits still
apply (each process counts in memory), the work of a request is still recorded, /readyz says so."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from bourse import create_app
from bourse.extensions import db
from bourse.jobs.models import Job
from tests.conftest import csrf_token
from tests.support import clusters
from tests.support.servers import answers
from tests.support.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
NEW = {"title": "Local en charge", "insee_code": "56007", "address": "12 rue du Château", "lon": -2.9831,
       "lat": 47.6677, "sales_area_m2": 40, "rent_per_year": 9000}


class Load:
    """About 30 requests a second from three threads: the map API, a listing's page, and a write."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token, self.results, self.stop = base, token, [], threading.Event()

    def _one(self, kind: str) -> tuple:
        headers = {"Authorization": f"Bearer {self.token}"}
        started = time.monotonic()
        try:
            if kind == "map":
                answer = requests.get(f"{self.base}/api/v1/premises?bbox=-3.1,47.6,-2.9,47.7", timeout=20)
            elif kind == "page":
                answer = requests.get(f"{self.base}/recherche?town=56007", timeout=20)
            else:
                answer = requests.post(f"{self.base}/api/v1/premises", json=NEW, headers=headers, timeout=20)
        except requests.RequestException as exc:
            return kind, started, None, type(exc).__name__, {}
        return kind, started, answer.status_code, answer.text, dict(answer.headers)

    def _loop(self, kind: str) -> None:
        while not self.stop.is_set():
            self.results.append(self._one(kind))
            time.sleep(0.1)  # three threads at ~10 a second each

    def __enter__(self):
        self.threads = [threading.Thread(target=self._loop, args=(k,)) for k in ("map", "page", "write")]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def gunicorn_on(tmp_path):
    processes = []

    def start(url: str) -> str:
        port = free_port()
        env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
               "DATABASE_URL": url, "PUBLIC_URL": f"http://127.0.0.1:{port}", "SESSION_COOKIE_SECURE": "0",
               "BOURSE_INSTANCE_PATH": str(tmp_path), "UPLOAD_FOLDER": str(tmp_path / "uploads"),
               "JOBS_URL": "memory://", "BOURSE_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
               "GEOCODER_URL": "http://127.0.0.1:9", "PYTHONPATH": str(ROOT)}
        log = (tmp_path / "gunicorn.log").open("w")
        processes.append((subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c",
                                            "deploy/gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env, stdout=log,
                                           stderr=subprocess.STDOUT), log))
        base = f"http://127.0.0.1:{port}"
        if answers(f"{base}/healthz"):
            return base
        raise AssertionError("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.mark.parametrize("backend", ["postgis"])
def test_a_database_restart_under_load_gives_clean_503s_and_recovers(gunicorn_on, tile_server, tmp_path, backend):
    with clusters.own_cluster() as cluster:
        url = cluster.url()
        token = clusters.populate(url, tile_server, tmp_path)
        _restart_under_load(cluster, url, token, gunicorn_on)


def _restart_under_load(cluster, url: str, token: str, gunicorn_on) -> None:
    base = gunicorn_on(url)
    with Load(base, token) as load:
        time.sleep(3)
        restart_began = time.monotonic()
        cluster.ctl("restart", "-m", "fast")
        restarted = time.monotonic()
        time.sleep(12)
    results = load.results
    assert len(results) >= 25 * 15, len(results)  # about 30 a second were sent
    statuses = {status for _kind, _t, status, _body, _h in results}
    assert statuses <= {200, 201, 503}, statuses  # never a 500, never a dropped connection
    refused = [r for r in results if r[2] == 503]
    assert refused, "the restart should have caught some requests in flight"
    for kind, _t, _status, body, headers in refused:
        assert "Traceback" not in body and headers.get("Retry-After") == "5"
        if kind == "page":
            assert "<h1>" in body and "503" in body and headers["Content-Type"].startswith("text/html")
        else:
            assert '"code":"unavailable"' in body.replace(" ", "")
    after = [r for r in results if r[1] > restarted + 10]
    assert after and all(r[2] in (200, 201) for r in after)  # back within 10 s, gunicorn untouched
    assert not any(r[2] == 503 for r in results if r[1] < restart_began - 1)
    created = sum(1 for r in results if r[0] == "write" and r[2] == 201)
    engine = create_engine(url)
    with engine.connect() as conn:  # every 201 is a whole listing with its history; no other was kept
        drafts = conn.execute(text("SELECT count(*) FROM premises WHERE status = 'draft'")).scalar()
        orphans = conn.execute(text("SELECT count(*) FROM premises p WHERE NOT EXISTS "
                                    "(SELECT 1 FROM premises_status_changes c WHERE c.premises_id = p.id)")).scalar()
    engine.dispose()
    assert drafts == created and orphans == 0


@pytest.fixture
def redis_server(tmp_path):
    """A Redis server of the test's own, on its own port (``stop`` and ``start`` it)."""
    port = free_port()
    state = {}

    def start():
        state["process"] = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
                                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                redis.Redis(port=port).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop():
        state["process"].terminate()
        state["process"].wait(timeout=10)

    start()
    yield port, start, stop
    if state["process"].poll() is None:
        stop()


def test_redis_down_pages_render_limits_still_apply_and_work_is_kept(app, redis_server, make_user, auray):
    port, start, stop = redis_server
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0",
                          "JOBS_URL": f"redis://127.0.0.1:{port}/1"})
    user = make_user(email="cible@example.com")
    client = limited.test_client()
    assert client.get("/").status_code == 200
    stop()
    assert client.get("/").status_code == 200 and client.get("/recherche").status_code == 200
    token = csrf_token(client, "/connexion")
    codes = [client.post("/connexion", data={"email": user.email, "password": "faux", "csrf_token": token}).status_code
             for _ in range(32)]
    assert codes[0] == 200 and 429 in codes  # wrong password shown; then the per-address limit, counted in memory
    forgotten = client.post("/mot-de-passe-oublie", data={"email": user.email,
                                                            "csrf_token": csrf_token(client, "/mot-de-passe-oublie")})
    assert forgotten.status_code == 200 and user.email in forgotten.get_data(as_text=True)
    db.session.commit()  # a fresh look: the e-mail's job is recorded though the queue could not take it
    assert db.session.scalar(db.select(db.func.count(Job.id)).where(Job.name == "outbox.send_due")) == 1
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"] == {"database": "ok", "redis": "unreachable",
                                                                          "queue": "unreachable"}
    assert client.get("/healthz").status_code == 200
    start()
    assert client.get("/readyz").status_code == 200
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


def test_e_mails_queued_while_the_smtp_server_is_down_are_all_sent_once_it_is_back(app, workers):
    """500 e-mails wait while the server is down; a real worker tries, keeps them, and once the server
    answers sends every one exactly once (each with its own deterministic Message-ID)."""
    from aiosmtpd.controller import Controller

    from bourse import jobs
    from bourse.notifications.models import OutboxMessage
    from bourse.notifications.services import queue_email
    from tests.support.smtp import Inbox
    from tests.support.workers import wait_for

    port = free_port()  # nothing listens there yet: the server is down
    for n in range(500):
        queue_email(f"destinataire{n}@example.com", f"Message {n}", "Corps")
    db.session.commit()
    workers.start(MAIL_PORT=str(port))

    def waiting() -> int:
        return db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == "pending", OutboxMessage.last_error.like("%Connection%")))

    wait_for(lambda: waiting() >= 100, what="the worker to find the server down")
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        jobs.enqueue_once("outbox.send_due")  # new activity (or the minute's run) finds the server back
        db.session.commit()
        wait_for(lambda: db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == "sent")) == 500, timeout=30, what="500 e-mails sent")  # not hours later
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        server.stop()
    assert len(inbox.messages) == 500
    assert len({m["Message-ID"] for m in inbox.messages}) == 500
    assert sorted(m["To"] for m in inbox.messages) == sorted(f"destinataire{n}@example.com" for n in range(500))
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")) == 0


@pytest.fixture
def full_disk(app, tmp_path, monkeypatch):
    """A 256 KB tmpfs as the upload folder, all but 40 KB of it already used."""
    folder = tmp_path / "petit-disque"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs for the disk-full test (run the tests as root): {mounted.stderr}")
    try:
        (folder / "remplissage").write_bytes(b"\0" * (216 * 1024))
        monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def noisy_jpeg() -> bytes:
    """A photo whose re-encoded copy needs far more than the 40 KB left."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (560, 420), os.urandom(560 * 420 * 3)).save(out, "JPEG", quality=85)
    return out.getvalue()


def test_an_upload_on_a_full_disk_is_refused_whole(app, client, auth, full_disk, landlord, make_listing):
    from bourse.premises.models import PremisesPhoto

    listing = make_listing()
    auth.login(landlord.email)
    page = f"/locaux/{listing.id}/modifier"
    answer = client.post(f"/locaux/{listing.id}/photos", data={
        "photo": (io.BytesIO(noisy_jpeg()), "vitrine.jpg"), "csrf_token": csrf_token(client, page)},
        content_type="multipart/form-data", headers={"Referer": f"http://localhost{page}"})
    assert answer.status_code == 302
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Il n’y a plus de place pour conserver ce fichier" in shown
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(PremisesPhoto.id))) == 0
    assert sorted(p.name for p in full_disk.rglob("*") if p.is_file()) == ["remplissage"]  # no partial file
