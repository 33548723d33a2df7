"""Load through the deployment's gunicorn on PostgreSQL: throughput and p50/p95/p99 of the pages and
APIs people use, with /healthz as the ceiling measured in the same run.

    python -m bench.load [--premises 100000] [--users 10000] [--seconds 15] [--workers 2]

Data: ``--premises`` published premises, 80 % clustered around 64 town centres (a town centre's
streets, about 1 km across) and 20 % scattered over mainland France; ``--users`` entrepreneurs, each
with a project wanting their nearest town, sharing one production-strength password hash. The site
runs as deployed (``deploy/gunicorn.conf.py``: ``--workers`` processes of 4 threads, production
settings; sign-in limits off so that the load is not refused).

Throughput is measured with wrk (closed loop, 16 connections; installed from Debian when missing);
then the map API and the search page are sent an open-loop load at half their target rate (or of the
measured one when lower), latency counted
from each request's scheduled time so a stall is not hidden. Sign-in (a new browser each time:
the form, then the POST) and applying (the JSON API with entrepreneurs' tokens) run from 4 client
threads. Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import requests
from sqlalchemy import insert, text

from bench.publish import PASSWORD, free_port
from bench.search import FRANCE, temporary_app
from bourse import geo
from bourse.accounts import api_tokens
from bourse.accounts.models import User
from bourse.accounts.passwords import hash_password
from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.search import map_cells
from bourse.projects.models import Project, project_towns
from bourse.timeutil import utcnow
from bourse.towns.models import Town
from tests.support.db import migrate_to_head
from tests.support.servers import answers

ROOT = Path(__file__).resolve().parent.parent
TOWNS = 64
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LUA = """
local paths = {%s}
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "errors": %%d, "non2xx": %%d, '
    .. '"p50": %%f, "p95": %%f, "p99": %%f}\\n', summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def settle() -> None:
    """VACUUM ANALYZE after the bulk load, so that autovacuum does not start in the middle of a
    measurement (the folded map deltas leave a million dead rows) and the planner knows the sizes."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def populate(n_premises: int, n_users: int, rng: random.Random) -> dict:
    centres = [(rng.uniform(-1.5, 6.5), rng.uniform(43.5, 49.5)) for _ in range(TOWNS)]
    towns = [Town(name=f"Ville {i}", insee_code=f"{90000 + i}", department_code="90", department_name="Bench",
                  centre=geo.make_point(lon, lat)) for i, (lon, lat) in enumerate(centres)]
    owner = User(email="bailleur@example.org", password_hash="x", full_name="Bailleur", role="landlord")
    db.session.add_all([*towns, owner])
    db.session.flush()
    batch = []
    for i in range(n_premises):
        town = towns[i % TOWNS]
        if rng.random() < 0.8:  # a town centre: most premises within about 500 m of it
            lon, lat = centres[i % TOWNS][0] + rng.gauss(0, 0.004), centres[i % TOWNS][1] + rng.gauss(0, 0.003)
        else:
            lon, lat = rng.uniform(FRANCE[0], FRANCE[2]), rng.uniform(FRANCE[1], FRANCE[3])
        batch.append(dict(reference=f"L{i}", owner_id=owner.id, town_id=town.id, title=f"Local {i}",
                          description="Local commercial en centre-ville.", address=f"{i % 90 + 1} rue du Commerce",
                          location=f"SRID=4326;POINT({lon} {lat})", sales_area_m2=Decimal(rng.randint(20, 200)),
                          rent_per_year=Decimal(rng.randint(60, 400) * 100), floor=0, deal_type="to_let",
                          lease_types=["commercial_369"], allowed_sectors=[], excluded_sectors=[],
                          has_extraction=rng.random() < 0.3, step_free_access=rng.random() < 0.6,
                          erp_compliant=False, status="published"))
        if len(batch) == 5000:
            db.session.execute(insert(Premises), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(Premises), batch)
    shared_hash = hash_password(PASSWORD)  # production parameters: sign-in costs what it costs live
    confirmed = utcnow()
    users = [dict(email=f"porteur{i}@example.org", password_hash=shared_hash, full_name=f"Porteur {i}",
                  role="entrepreneur", email_verified_at=confirmed) for i in range(n_users)]
    for start in range(0, n_users, 5000):
        db.session.execute(insert(User), users[start:start + 5000])
    user_ids = db.session.scalars(db.select(User.id).where(User.role == "entrepreneur").order_by(User.id)).all()
    projects = [dict(owner_id=uid, name=f"Projet {n}", sector="food", concept="", min_area_m2=Decimal(20),
                     max_area_m2=Decimal(200), max_rent_per_year=Decimal(40000), place_label="",
                     need_extraction="none", need_step_free="none", need_frontage="none", experience="",
                     visible=True) for n, uid in enumerate(user_ids)]
    for start in range(0, len(projects), 5000):
        db.session.execute(insert(Project), projects[start:start + 5000])
    project_ids = db.session.scalars(db.select(Project.id).order_by(Project.id)).all()
    db.session.execute(insert(project_towns), [dict(project_id=pid, town_id=towns[n % TOWNS].id)
                                               for n, pid in enumerate(project_ids)])
    tokens = [(pid, api_tokens.create(db.session.get(User, uid), "Charge", "write", 30)[1])
              for uid, pid in list(zip(user_ids, project_ids))[:600]]
    db.session.commit()
    map_cells.fold()  # what the worker's minute job does after a bulk load
    db.session.commit()
    settle()
    premises_ids = db.session.scalars(db.select(Premises.id)).all()
    return {"centres": centres, "codes": [t.insee_code for t in towns], "premises": premises_ids,
            "emails": [u["email"] for u in users], "tokens": tokens}


class Site:
    """The app as deploy/ runs it: gunicorn with deploy/gunicorn.conf.py and production settings."""

    def __init__(self, url: str, workdir: Path, workers: int, env: dict | None = None) -> None:
        port = free_port()
        env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": url,
               "BOURSE_INSTANCE_PATH": str(workdir), "SESSION_COOKIE_SECURE": "0", "RATELIMIT_ENABLED": "0",
               "PUBLIC_URL": f"http://127.0.0.1:{port}", "JOBS_URL": "memory://", "LOG_REQUESTS": "0",
               "BOURSE_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
               "GEOCODER_URL": "http://127.0.0.1:9", "PYTHONPATH": str(ROOT), **(env or {})}
        self.log = (workdir / "gunicorn.log").open("w")
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"),
                                         "-c", "deploy/gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        if not answers(f"{self.base}/healthz", 90):
            self.close()
            raise RuntimeError(f"gunicorn did not start: see {workdir / 'gunicorn.log'}")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def wrk(base: str, paths: list[str], seconds: int) -> dict:
    """Closed-loop throughput with wrk: requests/s and latency percentiles (ms)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    done = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script.name, base], capture_output=True,
                          text=True, timeout=seconds + 60)
    os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def open_loop(base: str, paths: list[str], rate: float, seconds: int, rng: random.Random) -> dict:
    """``rate`` requests a second whatever the answers' speed; latency from each one's scheduled time."""
    local = threading.local()
    latencies, failures = [], []

    def one(scheduled: float, path: str) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        answer = session.get(base + path, timeout=30)
        (latencies if answer.status_code == 200 else failures).append((time.perf_counter() - scheduled) * 1000)

    with ThreadPoolExecutor(64) as pool:
        start = time.perf_counter()
        for i in range(int(rate * seconds)):
            scheduled = start + i / rate
            time.sleep(max(0.0, scheduled - time.perf_counter()))
            pool.submit(one, scheduled, rng.choice(paths))
    return summary(latencies, failures, seconds)


def summary(latencies: list[float], failures: list, seconds: float) -> dict:
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    return {"rps": len(latencies) / seconds, "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "non2xx": len(failures), "requests": len(latencies) + len(failures)}


def closed_python(action, items: list, threads: int = 4) -> dict:
    latencies, failures = [], []
    lock = threading.Lock()

    def run(item) -> None:
        elapsed, ok = action(item)
        with lock:
            (latencies if ok else failures).append(elapsed)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(run, items))
    return summary(latencies, failures, time.perf_counter() - start)


def sign_in(base: str):
    def act(email: str) -> tuple[float, bool]:
        with requests.Session() as browser:  # a new visitor: the form, then the POST
            token = CSRF.search(browser.get(f"{base}/connexion", timeout=30).text).group(1)
            started = time.perf_counter()
            answer = browser.post(f"{base}/connexion", data={"email": email, "password": PASSWORD,
                                                              "csrf_token": token}, allow_redirects=False, timeout=30)
            return (time.perf_counter() - started) * 1000, answer.status_code == 302
    return act


def apply(base: str):
    def act(item: tuple[int, str, int]) -> tuple[float, bool]:
        project_id, token, premises_id = item
        started = time.perf_counter()
        answer = requests.post(f"{base}/api/v1/applications", json={"project_id": project_id,
                               "premises_id": premises_id, "message": "Bonjour"},
                               headers={"Authorization": f"Bearer {token}"}, timeout=30)
        return (time.perf_counter() - started) * 1000, answer.status_code == 201
    return act


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--premises", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    ensure_wrk()
    rng = random.Random(7)
    with temporary_app("postgis", "bourse-load-") as (app, workdir):
        migrate_to_head(app)
        with app.app_context():
            started = time.perf_counter()
            data = populate(args.premises, args.users, rng)
            print(f"populated {args.premises} premises, {args.users} users in {time.perf_counter() - started:.0f} s")
            url = db.engine.url.render_as_string(hide_password=False)
        site = Site(url, workdir, args.workers)
        try:
            boxes = []
            for lon, lat in data["centres"]:  # a phone's map of a town centre
                boxes.append(f"/api/v1/premises?bbox={lon - 0.01:.4f},{lat - 0.006:.4f},{lon + 0.01:.4f},{lat + 0.006:.4f}")
            searches = [f"/recherche?town={code}" for code in data["codes"]]
            pages = [f"/locaux/{pid}" for pid in rng.sample(data["premises"], 2000)]
            rows = []
            ceiling = wrk(site.base, ["/healthz"], args.seconds)
            rows.append(("/healthz (ceiling)", ceiling))
            measured = {}
            for name, paths in (("map API, a town centre", boxes),
                                ("map API, all of France", ["/api/v1/premises?bbox=-5,42,8.5,51.2"]),
                                ("search page, a town", searches), ("premises page", pages)):
                measured[name] = wrk(site.base, paths, args.seconds)
                rows.append((name, measured[name]))
            # p95 at half the target rate (300/s, 100/s), or half the measured rate when lower.
            for name, paths, target in (("map API, a town centre", boxes, 300), ("search page, a town", searches, 100)):
                rate = max(1.0, min(measured[name]["rps"], target) / 2)
                rows.append((f"{name}, at {rate:.0f}/s (open loop)",
                             open_loop(site.base, paths, rate, args.seconds, rng)))
            rows.append(("sign-in (form, then POST; 4 clients)", closed_python(sign_in(site.base),
                                                                              rng.sample(data["emails"], 200))))
            targets = rng.sample(data["premises"], len(data["tokens"]))
            rows.append(("applying (JSON API; 4 clients)", closed_python(apply(site.base), [
                (pid, token, target) for (pid, token), target in zip(data["tokens"], targets)])))
        finally:
            site.close()
    print(f"\n{platform.node()}: {os.cpu_count()} cores, {platform.processor() or platform.machine()}; "
          f"gunicorn {args.workers} workers × 4 threads, PostgreSQL {args.premises:,} premises, {args.users:,} users\n")
    print("| request | requests/s | p50 ms | p95 ms | p99 ms | not 2xx |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['non2xx']} |")
    print("\nratio to the ceiling: " + ", ".join(f"{name} {r['rps'] / ceiling['rps']:.2f}" for name, r in rows[1:5]))


if __name__ == "__main__":
    main()
