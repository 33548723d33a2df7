"""Publishing premises through a real gunicorn, with and without 10,000 saved searches and 5,000 projects.

    python -m bench.publish [--requests 200] [--pace 0.25] [--no-worker] [--backends spatialite,postgis]

A landlord signs in over HTTP and publishes drafts one after the other (``POST /locaux/<id>/statut``),
first with no saved search and no project, then, in the same run and against the same server, after
10,000 saved searches (a tenth of them project alerts) and 5,000 visible projects were added, clustered
around 60 towns the way real ones are. Only the publish request is timed, as the client sees it; the
ratio of the two p95 is what must stay ≤ 1.5.

By default a job worker (``flask jobs worker``, at its default low CPU priority) runs beside gunicorn,
as in production, so the alert jobs compete with the requests for this machine's cores; ``--pace``
spaces the publications (0, back to back, is the worst case); ``--no-worker`` times the requests alone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import requests
from sqlalchemy import insert

from bench.alerts import TOWNS
from bench.search import build_app, p95
from bourse import geo
from bourse.accounts.models import User
from bourse.accounts.passwords import hash_password
from bourse.extensions import db
from bourse.notifications.models import SavedSearch
from bourse.premises.models import Premises
from bourse.projects.models import Project, project_towns
from bourse.towns.models import Town
from tests.support.servers import answers

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-password-2026!"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")  # this benchmark's own database
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def populate_base(drafts: int, rng: random.Random) -> tuple[list[int], list[int]]:
    towns = [Town(name=f"Ville {i}", insee_code=f"{90000 + i}", department_code="90", department_name="Bench",
                  centre=geo.make_point(rng.uniform(-1.5, 6.5), rng.uniform(43.5, 50.0))) for i in range(TOWNS)]
    landlord = User(email="landlord@example.com", password_hash=hash_password(PASSWORD), full_name="Bailleur",
                    role="landlord")
    db.session.add_all([*towns, landlord])
    db.session.flush()
    ids = []
    for i in range(drafts):
        town = towns[i % TOWNS]
        lon, lat = geo.point_coords(town.centre)
        unit = Premises(reference=f"D{i}", owner_id=landlord.id, town_id=town.id, title=f"Local {i}", address="",
                        location=geo.make_point(lon + rng.gauss(0, 0.004), lat + rng.gauss(0, 0.003)),
                        sales_area_m2=Decimal(rng.randint(20, 120)), deal_type="to_let",
                        rent_per_year=Decimal(rng.randint(6, 30) * 1000), status="draft",
                        step_free_access=rng.random() < 0.5)
        db.session.add(unit)
        db.session.flush()
        ids.append(unit.id)
    db.session.commit()
    return [t.id for t in towns], ids


def populate_interest(town_ids: list[int], n_searches: int, n_projects: int, rng: random.Random) -> None:
    """Entrepreneurs, their visible projects around the towns, and their saved searches."""
    towns = [db.session.get(Town, town_id) for town_id in town_ids]
    users = [User(email=f"e{i}@example.com", password_hash="x", full_name=f"E{i}", role="entrepreneur",
                  email_notifications=False) for i in range(1000)]
    db.session.add_all(users)
    db.session.flush()
    centres = [geo.point_coords(t.centre) for t in towns]
    rows, links = [], []
    for i in range(n_projects):
        t = rng.randrange(TOWNS)
        lon, lat = centres[t]
        low = rng.randint(15, 80)
        rows.append(dict(owner_id=users[i % len(users)].id, name=f"Projet {i}", concept="", place_label="",
                         sector=rng.choice(["food", "restaurant", "services", "crafts", "fashion"]),
                         min_area_m2=Decimal(low), max_area_m2=Decimal(low + rng.randint(10, 80)),
                         max_rent_per_year=Decimal(rng.randint(6, 40) * 1000), experience="",
                         location=f"SRID=4326;POINT({lon + rng.gauss(0, 0.01)} {lat + rng.gauss(0, 0.007)})",
                         radius_km=Decimal(rng.choice([1, 2, 5, 10])), need_extraction="none",
                         need_step_free=rng.choice(["none", "nice", "must"]), need_frontage="none", visible=True))
    db.session.execute(insert(Project), rows)
    db.session.flush()
    project_ids = db.session.scalars(db.select(Project.id).order_by(Project.id)).all()
    for n, project_id in enumerate(project_ids):
        links.append(dict(project_id=project_id, town_id=towns[n % TOWNS].id))
    db.session.execute(insert(project_towns), links)
    for i in range(n_searches):
        t = rng.randrange(TOWNS)
        lon, lat = centres[t]
        owner = users[i % len(users)]
        if i % 10 == 0:  # a project alert
            search = SavedSearch(user_id=owner.id, name=f"Projet {i}", project_id=project_ids[i % len(project_ids)],
                                 min_score=rng.choice([50, 60, 70]))
        else:
            query = {"town": towns[t].insee_code} if rng.random() < 0.5 else \
                {"lon": str(lon + rng.gauss(0, 0.01)), "lat": str(lat + rng.gauss(0, 0.007)),
                 "radius_km": str(rng.choice([0.5, 1, 2, 5]))}
            if rng.random() < 0.6:
                query["max_rent"] = str(rng.randint(5, 40) * 1000)
            search = SavedSearch(user_id=owner.id, name=f"Alerte {i}", query=query)
        db.session.add(search)
        if i % 2000 == 1999:
            db.session.flush()
    db.session.commit()


class Site:
    """gunicorn and one job worker on the benchmark's database."""

    def __init__(self, url: str, jobs_url: str, workdir: Path, workers: int, job_worker: bool = True) -> None:
        self.port = free_port()
        env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
               "DATABASE_URL": url, "JOBS_URL": jobs_url, "BOURSE_INSTANCE_PATH": str(workdir),
               "SESSION_COOKIE_SECURE": "0", "RATELIMIT_ENABLED": "0", "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
               "PYTHONPATH": str(ROOT)}
        self.logs = workdir / "site.log"
        log = self.logs.open("w")
        bin_dir = Path(sys.executable).parent
        self.processes = [
            subprocess.Popen([str(bin_dir / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
                              "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
        ]
        if job_worker:
            self.processes.append(subprocess.Popen([str(bin_dir / "flask"), "--app", "wsgi", "jobs", "worker"],
                                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        self.base = f"http://127.0.0.1:{self.port}"
        if not answers(f"{self.base}/healthz", 60):
            self.stop()
            raise RuntimeError("gunicorn did not start:\n" + self.logs.read_text())

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


def signed_in(site: Site) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(f"{site.base}/connexion").text).group(1)
    answer = session.post(f"{site.base}/connexion", data={"email": "landlord@example.com", "password": PASSWORD,
                                                          "csrf_token": token}, allow_redirects=False)
    if answer.status_code != 302:
        errors = re.findall(r'<ul class="errors"[^>]*>\s*<li>([^<]+)', answer.text)
        raise RuntimeError(f"sign-in refused ({answer.status_code}): {errors} cookies={list(session.cookies.keys())}")
    return session


def publish_all(site: Site, session: requests.Session, ids: list[int], pace: float = 0.0) -> list[float]:
    """Publish each draft in turn, ``pace`` seconds apart (0: back to back); the POSTs' times, in ms."""
    timings = []
    for premises_id in ids:
        token = CSRF.search(session.get(f"{site.base}/locaux/{premises_id}/modifier").text).group(1)
        time.sleep(pace)
        start = time.perf_counter()
        answer = session.post(f"{site.base}/locaux/{premises_id}/statut", data={"verb": "publish", "csrf_token": token},
                              allow_redirects=False)
        timings.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 302:
            raise RuntimeError(f"publish {premises_id}: {answer.status_code}")
    return timings


def drain(app, timeout: float = 120) -> None:
    """Wait until the worker has run every queued job."""
    from bourse.jobs.models import Job

    deadline = time.monotonic() + timeout
    with app.app_context():
        while time.monotonic() < deadline:
            if not db.session.scalar(db.select(db.func.count(Job.id)).where(Job.state.in_(["queued", "running"]))):
                break
            db.session.rollback()
            time.sleep(0.2)
        db.session.remove()


def run(backend: str, n_searches: int, n_projects: int, n_requests: int, job_worker: bool = True,
        pace: float = 0.0) -> str:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        app, cleanup = build_app(backend, workdir)
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if backend == "spatialite":
            jobs_url = f"sqlite:///{workdir / 'jobs.db'}"
        else:
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
            jobs_url = REDIS_URL
        warm = 5
        with app.app_context():
            towns, drafts = populate_base(2 * (n_requests + warm), rng)
        site = Site(url, jobs_url, workdir, workers=2, job_worker=job_worker)
        try:
            session = signed_in(site)
            half = n_requests + warm
            publish_all(site, session, drafts[:warm])
            bare = publish_all(site, session, drafts[warm:half], pace)
            if job_worker:
                drain(app)
            with app.app_context():
                populate_interest(towns, n_searches, n_projects, rng)
                db.session.remove()
            publish_all(site, session, drafts[half:half + warm])
            busy = publish_all(site, session, drafts[half + warm:], pace)
            if job_worker:
                drain(app)  # let the worker finish the alert jobs, to count what they found
            with app.app_context():
                from bourse.jobs.models import Job
                from bourse.notifications.models import Notification

                alerts = db.session.scalar(db.select(db.func.count(Notification.id)))
                failed = db.session.scalar(db.select(db.func.count(Job.id)).where(Job.state == "failed"))
                spans = [0.0, 0.0] + sorted((j.finished_at - j.started_at).total_seconds() * 1000 for j in db.session.scalars(
                    db.select(Job).where(Job.name == "alerts.premises_published", Job.finished_at.is_not(None))))
                print(f"[{backend}] alert jobs: {len(spans)}, p50 {statistics.median(spans):.0f} ms, "
                      f"p95 {p95(spans):.0f} ms", file=sys.stderr)
                db.session.remove()
                db.engine.dispose()
        finally:
            site.stop()
            if cleanup is not None:
                from tests.support import postgis

                postgis.drop_database(cleanup)
    print(f"[{backend}] slowest without: {sorted(bare)[-6:]}\n[{backend}] slowest with: {sorted(busy)[-6:]}",
          file=sys.stderr)
    ratio = p95(busy) / p95(bare)
    setting = ("no worker" if not job_worker else "worker beside") + (f", every {pace:g} s" if pace else ", back to back")
    return (f"| {backend} | {setting} | {n_requests} | {statistics.median(bare):.1f} | {p95(bare):.1f} | "
            f"{statistics.median(busy):.1f} | {p95(busy):.1f} | {ratio:.2f}× | {alerts:,} | {failed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--backends", default="spatialite,postgis")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between two publications (0: back to back, the worst case)")
    parser.add_argument("--no-worker", action="store_true",
                        help="no job worker: the requests alone (to tell their own cost from the worker's)")
    args = parser.parse_args()
    print(f"{args.searches:,} saved searches, {args.projects:,} visible projects; gunicorn -w 2\n")
    print("| backend | publications arrive | n | none p50 ms | none p95 ms | with them p50 ms | with them p95 ms | p95 ratio "
          "| alerts sent | failed jobs |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend in args.backends.split(","):
        print(run(backend, args.searches, args.projects, args.requests, not args.no_worker, args.pace), flush=True)


if __name__ == "__main__":
    main()
