"""Alert job benchmark: one newly published unit against 10,000 saved searches.

    python -m bench.alerts [--searches 10000] [--runs 20] [--baseline 1000] [--backends spatialite,postgis]

Saved searches cluster around 60 towns the way real ones do (a town, a rent, an area, a circle around
an address or a map box). The job's one query (``saved_searches.satisfied_by``) is compared, in the same
run, with the definition asked one search at a time (``alerts.matches_one_by_one``), timed over
``--baseline`` searches and scaled to all of them. The last figure is the whole alert job for one
unit, notifications and e-mails to the outbox included.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bourse import geo
from bourse.accounts.models import User
from bourse.extensions import db
from bourse.notifications import alerts
from bourse.notifications.models import SavedSearch
from bourse.notifications.saved_searches import satisfied_by
from bourse.premises.models import Premises
from bourse.towns.models import Town
from bench.search import build_app, p95

TOWNS = 60


def populate(n_searches: int, rng: random.Random) -> tuple[list[Town], list[tuple[float, float]]]:
    owner = User(email="bench@example.com", password_hash="x", full_name="Bench", role="landlord")
    db.session.add(owner)
    towns = [Town(name=f"Ville {i}", insee_code=f"{90000 + i}", department_code="90", department_name="Bench",
                  centre=geo.make_point(rng.uniform(-1.5, 6.5), rng.uniform(43.5, 50.0))) for i in range(TOWNS)]
    db.session.add_all(towns)
    users = [User(email=f"u{i}@example.com", password_hash="x", full_name=f"U{i}", role="entrepreneur",
                  email_notifications=False) for i in range(500)]
    db.session.add_all(users)
    db.session.flush()
    centres = [geo.point_coords(t.centre) for t in towns]
    for i in range(n_searches):
        t = rng.randrange(TOWNS)
        lon, lat = centres[t]
        query: dict = {}
        kind = rng.random()
        if kind < 0.45:
            query["town"] = towns[t].insee_code
        elif kind < 0.8:
            query.update(lon=str(lon + rng.gauss(0, 0.01)), lat=str(lat + rng.gauss(0, 0.007)),
                         radius_km=str(rng.choice([0.5, 1, 2, 5])))
        else:
            half = rng.uniform(0.005, 0.03)
            query["bbox"] = f"{lon - half},{lat - half},{lon + half},{lat + half}"
        if rng.random() < 0.6:
            query["max_rent"] = str(rng.randint(5, 40) * 1000)
        if rng.random() < 0.4:
            query["min_area"] = str(rng.randint(15, 80))
        if rng.random() < 0.3:
            query["sector"] = rng.choice(["food", "restaurant", "services", "crafts"])
        if rng.random() < 0.2:
            query["step_free"] = "1"
        db.session.add(SavedSearch(user_id=users[i % len(users)].id, name=f"Alerte {i}", query=query))
        if i % 2000 == 1999:
            db.session.flush()
    db.session.commit()
    return towns, centres


def new_unit(towns, centres, rng: random.Random) -> Premises:
    t = rng.randrange(TOWNS)
    lon, lat = centres[t]
    owner = db.session.scalar(db.select(User).where(User.email == "bench@example.com"))
    premises = Premises(reference=f"N{rng.randrange(10**9)}", owner_id=owner.id, town_id=towns[t].id, title="Neuf",
                        address="", location=geo.make_point(lon + rng.gauss(0, 0.005), lat + rng.gauss(0, 0.004)),
                        sales_area_m2=Decimal(rng.randint(20, 120)), deal_type="to_let",
                        rent_per_year=Decimal(rng.randint(6, 30) * 1000), status="published",
                        step_free_access=rng.random() < 0.5)
    db.session.add(premises)
    db.session.flush()
    return premises


def run(backend: str, n_searches: int, runs: int, baseline: int) -> list[str]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        app, cleanup = build_app(backend, Path(tmp))
        with app.app_context(), app.test_request_context():
            towns, centres = populate(n_searches, rng)
            searches = db.session.scalars(db.select(SavedSearch)).all()
            one_query, one_by_one, job, hits = [], [], [], []
            for _ in range(runs):
                unit = new_unit(towns, centres, rng)
                start = time.perf_counter()
                found = db.session.scalars(db.select(SavedSearch.id).where(*satisfied_by(unit))).all()
                one_query.append((time.perf_counter() - start) * 1000)
                hits.append(len(found))
                sample = rng.sample(searches, min(baseline, len(searches)))
                start = time.perf_counter()
                for search in sample:
                    alerts.matches_one_by_one(search, unit)
                one_by_one.append((time.perf_counter() - start) * 1000 * len(searches) / len(sample))
                start = time.perf_counter()
                alerts.unit_published(unit)
                job.append((time.perf_counter() - start) * 1000)
                db.session.rollback()
            db.session.remove()
            db.engine.dispose()
        if cleanup is not None:
            from tests.support import postgis

            postgis.drop_database(cleanup)
    ratio = statistics.median(one_by_one) / statistics.median(one_query)
    return [f"| {backend} | {n_searches:,} | {statistics.mean(hits):.0f} | {statistics.median(one_query):.1f} | "
            f"{p95(one_query):.1f} | {statistics.median(one_by_one):,.0f} | {ratio:,.0f}× | "
            f"{statistics.median(job):.0f} | {p95(job):.0f} |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    print("| backend | saved searches | mean matches | one query p50 ms | one query p95 ms | one by one ms "
          "(scaled) | speed-up | whole job p50 ms | whole job p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend in args.backends.split(","):
        for line in run(backend, args.searches, args.runs, args.baseline):
            print(line, flush=True)


if __name__ == "__main__":
    main()
