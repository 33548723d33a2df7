"""Search benchmark: indexed queries against a full scan, and the map API, on both backends.

    python -m bench.search [--n 100000] [--runs 60] [--backends spatialite,postgis]

Generates ``n`` premises spread over mainland France, then times, per backend:
bbox (about 50 hits), 5 km radius and 10 nearest, each through ``bourse.geo`` (index) and
the same question asked without the index (full scan); then the map API for a town-sized and a
country-sized box, the search page's size and the API's bytes per point. Prints Markdown tables
with p50/p95 in milliseconds and the full-scan/indexed ratio measured in the same process.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
import json
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from geoalchemy2 import Geography
from sqlalchemy import cast, func, insert, text

from bourse import create_app, geo
from bourse.accounts.models import User
from bourse.extensions import db
from bourse.geo import BBox
from bourse.premises.models import Premises
from bourse.towns.models import Town
from tests.support import postgis
from tests.support.db import migrate_to_head

FRANCE = (-4.5, 42.6, 7.5, 50.8)
BBOX_HALF_SIDE = 0.11  # degrees: about 50 hits per box at 100k premises
TOWN_CENTRE = (-2.9826, 47.6680)  # Auray: a dense town centre inside the spread
TOWN_PREMISES = 1000
TOWN_BOX = "-2.995,47.660,-2.970,47.676"


def build_app(backend: str, workdir: Path):
    if backend == "spatialite":
        url = f"sqlite:///{workdir / 'bench.db'}"
        cleanup = None
    else:
        created = postgis.create_database()
        url, cleanup = created.render_as_string(hide_password=False), created
    app = create_app({"TESTING": True, "SECRET_KEY": "bench" * 10, "SQLALCHEMY_DATABASE_URI": url})
    migrate_to_head(app)
    return app, cleanup


@contextmanager
def temporary_app(backend: str, prefix: str):
    """``(app, workdir)`` on a new database of ``backend``, dropped afterwards whatever happens."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    app, cleanup = build_app(backend, workdir)
    try:
        yield app, workdir
    finally:
        with app.app_context():
            db.engine.dispose()
        if cleanup is not None:
            postgis.drop_database(cleanup)


def populate(n: int, rng: random.Random) -> None:
    owner = User(email="bench@example.com", password_hash="x", full_name="Bench", role="landlord")
    town = Town(name="Bench", insee_code="00000", department_code="00", department_name="Bench",
                centre=geo.make_point(2.35, 46.6))
    db.session.add_all([owner, town])
    db.session.flush()
    batch = []
    for i in range(n):
        if i < TOWN_PREMISES:  # a town centre's worth of premises within about 1 km
            lon, lat = TOWN_CENTRE[0] + rng.uniform(-0.012, 0.012), TOWN_CENTRE[1] + rng.uniform(-0.007, 0.007)
        else:
            lon, lat = rng.uniform(FRANCE[0], FRANCE[2]), rng.uniform(FRANCE[1], FRANCE[3])
        batch.append(dict(reference=f"B{i}", owner_id=owner.id, town_id=town.id, title=f"Local {i}",
                          description="", address="", location=f"SRID=4326;POINT({lon} {lat})",
                          sales_area_m2=Decimal(rng.randint(20, 200)), floor=0, deal_type="to_let",
                          lease_types=[], allowed_sectors=[], excluded_sectors=[], has_extraction=False,
                          step_free_access=False, erp_compliant=False, status="published"))
        if len(batch) == 5000:
            db.session.execute(insert(Premises), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(Premises), batch)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE premises"))
        db.session.commit()


def time_queries(make_query, points, runs: int) -> list[float]:
    timings = []
    for lon, lat in points[:runs]:
        start = time.perf_counter()
        make_query(lon, lat)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def indexed_and_scan(backend: str):
    sqlite = backend == "spatialite"

    def point(lon, lat):
        return func.MakePoint(lon, lat, 4326) if sqlite else func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)

    def scan_distance(lon, lat):
        if sqlite:
            return func.ST_Distance(Premises.location, point(lon, lat), 1)
        return func.ST_Distance(cast(Premises.location, Geography), cast(point(lon, lat), Geography))

    def bbox_indexed(lon, lat):
        box = BBox(lon - BBOX_HALF_SIDE, lat - BBOX_HALF_SIDE, lon + BBOX_HALF_SIDE, lat + BBOX_HALF_SIDE)
        return db.session.scalars(db.select(Premises.id).where(geo.within_bbox(Premises.location, Premises.id, box))).all()

    def bbox_scan(lon, lat):
        x, y = func.ST_X(Premises.location), func.ST_Y(Premises.location)
        return db.session.scalars(db.select(Premises.id).where(
            x.between(lon - BBOX_HALF_SIDE, lon + BBOX_HALF_SIDE), y.between(lat - BBOX_HALF_SIDE, lat + BBOX_HALF_SIDE)
        )).all()

    def radius_indexed(lon, lat):
        return db.session.scalars(db.select(Premises.id).where(
            geo.within_radius(Premises.location, Premises.id, lon, lat, 5_000))).all()

    def radius_scan(lon, lat):
        return db.session.scalars(db.select(Premises.id).where(scan_distance(lon, lat) <= 5_000)).all()

    def nearest_indexed(lon, lat):
        return geo.nearest(db.select(Premises.id), Premises.location, Premises.id, lon, lat, k=10)

    def nearest_scan(lon, lat):
        return db.session.scalars(db.select(Premises.id).order_by(scan_distance(lon, lat)).limit(10)).all()

    return [("bbox (~50 hits)", bbox_indexed, bbox_scan), ("radius 5 km", radius_indexed, radius_scan),
            ("10 nearest", nearest_indexed, nearest_scan)]


def measure_http(app, runs: int) -> list[dict]:
    """The map API and the search page through the real WSGI app (test client, no network)."""
    client = app.test_client()
    rows = []
    boxes = {f"map API, town box ({TOWN_PREMISES:,} premises)": TOWN_BOX,
             "map API, country box": "-5.0,42.3,8.2,51.1"}
    for name, bbox in boxes.items():
        timings, body = [], b""
        for _ in range(max(5, runs // 4)):
            start = time.perf_counter()
            body = client.get(f"/api/v1/premises?bbox={bbox}").get_data()
            timings.append((time.perf_counter() - start) * 1000)
        data = json.loads(body)
        points = len(data["features"])
        rows.append(dict(name=name, p50=statistics.median(timings), p95=p95(timings), bytes=len(body),
                         features=points, clustered=data["clustered"],
                         per_point=len(body) / points if points and not data["clustered"] else 0))
    page = client.get("/recherche").get_data()
    rows.append(dict(name="search page HTML", p50=0, p95=0, bytes=len(page), features=0, clustered=False,
                     per_point=0))
    return rows


def run_backend(backend: str, n: int, runs: int, scan_runs: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        app, cleanup = build_app(backend, Path(tmp))
        try:
            with app.app_context():
                start = time.perf_counter()
                populate(n, rng)
                print(f"[{backend}] {n:,} premises generated in {time.perf_counter() - start:.1f} s")
                points = [(rng.uniform(-1.5, 5.5), rng.uniform(44.0, 49.5)) for _ in range(runs)]
                rows = []
                for name, indexed, scan in indexed_and_scan(backend):
                    time_queries(indexed, points, 3)  # warm-up
                    fast = time_queries(indexed, points, runs)
                    slow = time_queries(scan, points, scan_runs)
                    hits = statistics.mean(len(indexed(lon, lat)) for lon, lat in points[:10])
                    rows.append(dict(backend=backend, query=name, hits=hits,
                                     p50=statistics.median(fast), p95=p95(fast),
                                     scan_p50=statistics.median(slow),
                                     ratio=statistics.median(slow) / statistics.median(fast)))
                http_rows = [dict(backend=backend, **r) for r in measure_http(app, runs)]
                db.session.remove()
                db.engine.dispose()
        finally:
            if cleanup is not None:
                postgis.drop_database(cleanup)
    return rows, http_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--scan-runs", type=int, default=8)
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    rows, http_rows = [], []
    for backend in args.backends.split(","):
        queries, http = run_backend(backend, args.n, args.runs, args.scan_runs)
        rows += queries
        http_rows += http
    print(f"\n{args.n:,} premises, {args.runs} indexed runs and {args.scan_runs} full-scan runs per query\n")
    print("| backend | query | mean hits | indexed p50 ms | indexed p95 ms | full scan p50 ms | speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['backend']} | {r['query']} | {r['hits']:.0f} | {r['p50']:.2f} | {r['p95']:.2f} "
              f"| {r['scan_p50']:.1f} | {r['ratio']:.0f}× |")
    print("\n| backend | request | p50 ms | p95 ms | bytes | features | clustered | bytes per point |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for r in http_rows:
        print(f"| {r['backend']} | {r['name']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['bytes']:,} | {r['features']} "
              f"| {'yes' if r['clustered'] else 'no'} | {r['per_point']:.0f} |")


if __name__ == "__main__":
    main()
