"""Matching benchmark: one project over 100,000 premises, one unit over 50,000 projects, allocation.

    python -m bench.matching [--premises 100000] [--projects 50000] [--runs 30] [--backends spatialite,postgis]

Each matching figure is compared, in the same run, with a naive baseline that loads every row and
scores it in a Python loop, one pair at a time.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select, text

from bourse import geo
from bourse.accounts.models import User
from bourse.extensions import db
from bourse.matching import services as matching
from bourse.matching.allocation import assign
from bourse.premises.models import Premises
from bourse.projects.models import Project, project_towns
from bourse.towns.models import Town
from bench.search import build_app, p95
from tests.support import postgis

TOWNS = 60  # towns spread over France, each with a dense centre


def populate(n_premises: int, n_projects: int, rng: random.Random) -> list[Town]:
    owner = User(email="bench@example.com", password_hash="x", full_name="Bench", role="landlord")
    founder = User(email="founder@example.com", password_hash="x", full_name="Founder", role="entrepreneur")
    towns = [Town(name=f"Ville {i}", insee_code=f"{90000 + i}", department_code="90", department_name="Bench",
                  centre=geo.make_point(rng.uniform(-1.5, 6.5), rng.uniform(43.5, 50.0))) for i in range(TOWNS)]
    db.session.add_all([owner, founder, *towns])
    db.session.flush()
    centres = [geo.point_coords(t.centre) for t in towns]
    batch = []
    for i in range(n_premises):
        t = i % TOWNS
        lon, lat = centres[t][0] + rng.gauss(0, 0.02), centres[t][1] + rng.gauss(0, 0.015)
        batch.append(dict(
            reference=f"B{i}", owner_id=owner.id, town_id=towns[t].id, title=f"Local {i}", description="",
            address="", location=f"SRID=4326;POINT({lon} {lat})", sales_area_m2=Decimal(rng.randint(15, 250)),
            floor=0, deal_type="to_let", rent_per_year=Decimal(rng.randint(3, 60) * 1000), lease_types=[],
            allowed_sectors=[], excluded_sectors=rng.choice([[], [], ["restaurant"]]),
            has_extraction=rng.random() < 0.2, step_free_access=rng.random() < 0.5, erp_compliant=False,
            frontage_m=Decimal(rng.randint(3, 15)), status="published" if rng.random() < 0.9 else "let",
            current_sector=rng.choice(["food", "restaurant", "personal_goods", "services"]),
            available_from=date.today() + timedelta(days=rng.randint(0, 200))))
        if len(batch) == 5000:
            db.session.execute(insert(Premises), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(Premises), batch)
    links = []
    for i in range(n_projects):
        t = i % TOWNS
        low = rng.randint(20, 120)
        row = dict(owner_id=founder.id, name=f"Projet {i}", sector=rng.choice(["food", "restaurant", "crafts"]),
                   concept="", min_area_m2=Decimal(low), max_area_m2=Decimal(low + rng.randint(10, 80)),
                   max_rent_per_year=Decimal(rng.randint(5, 40) * 1000), place_label="", experience="",
                   need_extraction=rng.choice(["none", "nice", "must"]), need_step_free="nice",
                   need_frontage="none", visible=True)
        if i % 2:
            lon, lat = centres[t]
            row.update(location=f"SRID=4326;POINT({lon} {lat})", radius_km=Decimal(rng.randint(2, 30)))
        batch.append(row)
        if len(batch) == 5000:
            db.session.execute(insert(Project), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(Project), batch)
    ids = db.session.scalars(select(Project.id).where(Project.location.is_(None))).all()
    for pid in ids:
        links.append({"project_id": pid, "town_id": towns[pid % TOWNS].id})
    if links:
        db.session.execute(insert(project_towns), links)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return towns


def naive_scores(project: Project) -> list[tuple[int, float]]:
    """The baseline: every published row to Python, scored one pair at a time."""
    plon, plat = geo.point_coords(project.location) if project.location is not None else (None, None)
    rows = db.session.execute(select(Premises.id, Premises.sales_area_m2, Premises.rent_per_year,
                                     func.ST_X(Premises.location), func.ST_Y(Premises.location), Premises.town_id)
                              .where(Premises.status == "published")).all()
    towns = {t.id for t in project.towns}
    low, high, budget = float(project.min_area_m2), float(project.max_area_m2), float(project.max_rent_per_year)
    out = []
    for pid, area, rent, lon, lat, town_id in rows:
        area, rent = float(area), float(rent) if rent is not None else None
        s = 1.0 if low <= area <= high else max(0.0, 1 - (low - area) / (0.5 * low)) if area < low else \
            max(0.0, 1 - (area - high) / (0.5 * high))
        b = 0.5 if rent is None else 1.0 if rent <= budget else max(0.0, 1 - (rent - budget) / (0.5 * budget))
        if town_id in towns:
            p = 1.0
        elif plon is not None:
            d = 2 * 6371008.8 * math.asin(math.sqrt(math.sin(math.radians(lat - plat) / 2) ** 2 + math.cos(
                math.radians(plat)) * math.cos(math.radians(lat)) * math.sin(math.radians(lon - plon) / 2) ** 2))
            r = float(project.radius_km) * 1000
            p = 1 - 0.5 * d / r if d <= r else 0.0
        else:
            p = 0.0
        out.append((pid, 25 * s + 25 * b + 20 * p + 30))
    out.sort(key=lambda item: -item[1])
    return out[:20]


def timed(fn, runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        values.append((time.perf_counter() - start) * 1000)
    return values


def run_backend(backend: str, n_premises: int, n_projects: int, runs: int) -> list[dict]:
    rng = random.Random(11)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        app, cleanup = build_app(backend, Path(tmp))
        try:
            with app.app_context(), app.test_request_context():
                start = time.perf_counter()
                populate(n_premises, n_projects, rng)
                print(f"[{backend}] {n_premises:,} premises and {n_projects:,} projects in "
                      f"{time.perf_counter() - start:.1f} s")
                projects = db.session.scalars(select(Project).order_by(Project.id).limit(runs)).all()
                matching.matches_for_project(projects[0])  # warm-up
                fast = [t for p in projects for t in timed(lambda p=p: matching.matches_for_project(p), 1)]
                slow = [t for p in projects[:3] for t in timed(lambda p=p: naive_scores(p), 1)]
                rows.append(dict(backend=backend, what=f"top-20 premises for one project ({n_premises:,})",
                                 p50=statistics.median(fast), p95=p95(fast), baseline=statistics.median(slow)))
                # What the results page pays: the same, plus the 120 sentences of the 20 shown.
                shown = [t for p in projects for t in timed(
                    lambda p=p: [m.reasons for m in matching.matches_for_project(p).matches], 1)]
                rows.append(dict(backend=backend, what="… and its 20 explanations written",
                                 p50=statistics.median(shown), p95=p95(shown), baseline=statistics.median(slow)))
                units = db.session.scalars(select(Premises).where(Premises.status == "published")
                                           .order_by(Premises.id).limit(runs)).all()
                matching.candidates_for_unit(units[0])
                unit_times = [t for u in units for t in timed(lambda u=u: matching.candidates_for_unit(u), 1)]
                rows.append(dict(backend=backend, what=f"top-20 projects for one unit ({n_projects:,})",
                                 p50=statistics.median(unit_times), p95=p95(unit_times), baseline=None))
                db.session.remove()
                db.engine.dispose()
        finally:
            if cleanup is not None:
                postgis.drop_database(cleanup)
    return rows


def allocation_rows() -> list[dict]:
    rows = []
    rng = np.random.default_rng(3)
    for size in (1000, 5000):
        scores = rng.uniform(0, 100, (size, size))
        times = timed(lambda: assign(scores), 3 if size == 1000 else 1)
        rows.append(dict(backend="—", what=f"allocation {size:,} × {size:,}", p50=statistics.median(times),
                         p95=max(times), baseline=None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--premises", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    rows = []
    for backend in args.backends.split(","):
        rows += run_backend(backend, args.premises, args.projects, args.runs)
    rows += allocation_rows()
    print("\n| backend | what | p50 ms | p95 ms | naive Python loop p50 ms | speed-up |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        base = r["baseline"]
        naive = f"{base:.0f}" if base else "—"
        ratio = f"{base / r['p50']:.0f}×" if base else "—"
        print(f"| {r['backend']} | {r['what']} | {r['p50']:.1f} | {r['p95']:.1f} | {naive} | {ratio} |")

if __name__ == "__main__":
    main()
