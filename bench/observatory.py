"""The observatory's pages through a real gunicorn, on both databases.

    python -m bench.observatory [--units 2000] [--country 1000000] [--projects 50000] [--requests 100]

Auray gets ``--units`` shop units clustered around its centre, most inside a validated perimeter
with three zones, each with ten years of history: a survey every October from 2016 to 2025 and the
closures and lettings dated between two surveys (about 11 observations a unit). ``--projects``
entrepreneurs' project files spread over France, one in twenty naming Auray.

1. In-process, the monthly vacancy series over ten years by the observatory's SQL over the
   units' runs, against a Python loop over units and months on the same observations (loaded in one
   query); both must give the same numbers.
2. Through ``gunicorn -w 2`` (a manager signed in, one request after another): the public page for
   the last 24 months and for ten years, the monthly CSV, the managers' vacant units, the impact
   study for one point and the unmet demand. On SpatiaLite with Auray alone, then on PostGIS with
   Auray among 10,000 units, then among ``--country`` units clustered around 2,000 towns.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date, timedelta

import numpy as np
from sqlalchemy import insert, text

from bench.publish import PASSWORD, Site
from bench.register import OTHER_TOWNS, UNITS, sign_in
from bench.search import p95, temporary_app
from bourse.accounts.models import User
from bourse.accounts.passwords import hash_password
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.observatory import vacancy
from bourse.observatory.periods import Period
from bourse.observatory.runs import COUNTED
from bourse.observatory.scope import scope_of
from bourse.projects.models import Project, project_towns
from bourse.register import perimeters
from bourse.register.models import Observation, SurveyCampaign, Unit
from bourse.register.services import class_of, refresh_current
from bourse.register.spells import month_index
from bourse.towns import services as towns
from bourse.towns.models import Town

AURAY = (-2.981, 47.668)
SQUARE = [[-2.990, 47.662], [-2.972, 47.662], [-2.972, 47.674], [-2.990, 47.674], [-2.990, 47.662]]
ZONES = (("Place de la République", -2.9829, 47.6681), ("Rue du Château", -2.9806, 47.6675),
         ("Saint-Goustan", -2.9776, 47.6663))
SURVEYS = [date(year, 10, 10) for year in range(2016, 2026)]
SECTORS = ("food", "restaurant", "personal_goods", "home_culture", "health_beauty", "services", "crafts")
TODAY = date(2026, 10, 31)


def _drawing() -> str:
    zones = [{"type": "Feature", "properties": {"kind": "zone", "name": name},
              "geometry": {"type": "Polygon", "coordinates": [[[lon - 0.001, lat - 0.0006], [lon + 0.001, lat - 0.0006],
                                                               [lon + 0.001, lat + 0.0006], [lon - 0.001, lat + 0.0006],
                                                               [lon - 0.001, lat - 0.0006]]]}}
             for name, lon, lat in ZONES]
    perimeter = {"type": "Feature", "properties": {"kind": "perimeter"},
                 "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}
    return json.dumps({"type": "FeatureCollection", "features": [perimeter] + zones})


def _history(rng: random.Random) -> list[tuple[date, str, str | None]]:
    """Ten years of one unit: a survey each October, and each change on the day it happened."""
    state, sector = ("occupied", rng.choice(SECTORS)) if rng.random() < 0.88 else ("vacant", None)
    seen = [(SURVEYS[0], state, sector)]
    for before, survey in zip(SURVEYS, SURVEYS[1:]):
        draw = rng.random()
        if state == "occupied" and draw < 0.06:
            state, sector = "vacant", None
        elif state == "vacant" and draw < 0.35:
            state, sector = "occupied", rng.choice(SECTORS)
        elif state == "occupied" and draw > 0.97:
            sector = rng.choice(SECTORS)
        if (state, sector) != seen[-1][1:]:
            seen.append((before + timedelta(days=rng.randint(10, 350)), state, sector))
        seen.append((survey, state, sector))
    return seen


def populate_town(app, units: int) -> int:
    """The manager, Auray's perimeter, its units and their observations; returns Auray's id."""
    rng = random.Random(56007)
    with app.app_context():
        towns.seed_reference_towns()
        manager = User(email="manager@example.com", password_hash=hash_password(PASSWORD), full_name="Manager",
                       role=Role.TOWN_MANAGER.value, locale="fr")
        db.session.add(manager)
        auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
        manager.towns.append(auray)
        db.session.flush()
        perimeters.validate(manager, auray.id, _drawing())
        campaigns = [SurveyCampaign(town_id=auray.id, name=f"Relevé {day.year}", surveyed_on=day, method="file")
                     for day in SURVEYS]
        db.session.add_all(campaigns)
        db.session.flush()
        by_day = {c.surveyed_on: c.id for c in campaigns}
        rows = [{"town_id": auray.id, "address": f"{n} rue du Bench", "address_key": f"{n} rue du bench",
                 "location": f"SRID=4326;POINT({AURAY[0] + rng.gauss(0, 0.005)} {AURAY[1] + rng.gauss(0, 0.003)})"}
                for n in range(units)]
        db.session.execute(insert(Unit), rows)
        ids = db.session.scalars(db.select(Unit.id).where(Unit.town_id == auray.id).order_by(Unit.id)).all()
        observations = [{"unit_id": unit_id, "observed_on": day, "state": state, "sector": sector,
                         "obs_class": class_of(sector), "source": "survey", "note": "", "campaign_id": by_day.get(day)}
                        for unit_id in ids for day, state, sector in _history(rng)]
        for start in range(0, len(observations), 5000):
            db.session.execute(insert(Observation), observations[start:start + 5000])
        refresh_current(ids)
        db.session.commit()
        print(f"  Auray: {len(ids):,} units, {len(observations):,} observations")
        return auray.id


def populate_country(app, others: int) -> None:
    """Other towns' units, their runs and observations, built by PostGIS itself."""
    with app.app_context():
        run = lambda sql, **values: db.session.execute(text(sql), values)  # noqa: E731
        run("""INSERT INTO towns (name, insee_code, department_code, department_name, centre, missing_sectors,
               match_weights, created_at)
               SELECT 'Ville ' || g, lpad((90000 + g)::text, 5, '0'), '99', 'Bench',
                      ST_SetSRID(ST_MakePoint(-4.5 + random() * 12, 43 + random() * 7.5), 4326), '[]', '{}', now()
               FROM generate_series(1, :n) g""", n=OTHER_TOWNS)
        run(UNITS.format(town="t.id", lon="ST_X(t.centre)", lat="ST_Y(t.centre)",
                         series="generate_series(1, :n) AS s(g) JOIN towns t "
                                "ON t.insee_code = lpad((90001 + s.g % :towns)::text, 5, '0')"),
            n=others, towns=OTHER_TOWNS)
        first = date(2016, 10, 1).toordinal()
        # Three runs a unit (occupied, vacant, occupied again), as refresh_current would have written them.
        run("""INSERT INTO unit_spells (unit_id, town_id, state, sector, obs_class, source, start_day, end_day,
                                        start_month, end_month, prev_state, prev_source, prev_seen_day)
               SELECT u.id, u.town_id, (ARRAY['occupied','vacant','occupied'])[k + 1], u.sector, u.obs_class, 'survey',
                      :first + k * 1000 + u.id % 300,
                      CASE WHEN k < 2 THEN :first + (k + 1) * 1000 + u.id % 300 END,
                      24200 + k * 33 + (u.id % 300) / 31, CASE WHEN k < 2 THEN 24200 + (k + 1) * 33 + (u.id % 300) / 31 END,
                      CASE WHEN k > 0 THEN (ARRAY['occupied','vacant','occupied'])[k] END,
                      CASE WHEN k > 0 THEN 'survey' END, CASE WHEN k > 0 THEN :first + k * 1000 + u.id % 300 - 200 END
               FROM units u CROSS JOIN generate_series(0, 2) k WHERE u.town_id <> (SELECT id FROM towns
                                                                                   WHERE insee_code = '56007')""",
            first=first)
        run("""INSERT INTO unit_observations (unit_id, observed_on, state, sector, obs_class, source, note, created_at)
               SELECT u.id, date '2016-10-01' + k * 700 + (u.id % 60),
                      (ARRAY['occupied','vacant','occupied','occupied'])[k + 1], u.sector, u.obs_class, 'survey', '', now()
               FROM units u CROSS JOIN generate_series(0, 3) k
               WHERE u.town_id <> (SELECT id FROM towns WHERE insee_code = '56007')""")
        db.session.commit()
        run("ANALYZE")
        db.session.commit()


def populate_projects(app, n: int, town_id: int) -> None:
    rng = random.Random(2026)
    with app.app_context():
        owner = User(email="porteur@example.com", password_hash="x", full_name="Porteur", role=Role.ENTREPRENEUR.value)
        db.session.add(owner)
        db.session.flush()
        rows = []
        for i in range(n):
            low = rng.choice((20, 30, 40, 60, 80, 120))
            near = rng.random() < 0.1
            lon = AURAY[0] + rng.uniform(-0.6, 0.6) if near else rng.uniform(-4.5, 7.5)
            lat = AURAY[1] + rng.uniform(-0.4, 0.4) if near else rng.uniform(43, 50.5)
            rows.append({"owner_id": owner.id, "name": f"Projet {i}", "sector": rng.choice(SECTORS), "concept": "",
                         "min_area_m2": low, "max_area_m2": low * 2, "max_rent_per_year": rng.choice((6, 9, 12, 18, 30)) * 1000,
                         "place_label": "", "location": f"SRID=4326;POINT({lon} {lat})", "radius_km": rng.choice((5, 10, 25, 50)),
                         "need_extraction": "none", "need_step_free": "none", "need_frontage": "none", "experience": "",
                         "visible": rng.random() < 0.5})
            if len(rows) == 5000:
                db.session.execute(insert(Project), rows)
                rows = []
        if rows:
            db.session.execute(insert(Project), rows)
        ids = db.session.scalars(db.select(Project.id).order_by(Project.id)).all()
        db.session.execute(insert(project_towns), [{"project_id": pid, "town_id": town_id} for pid in ids[::20]])
        db.session.commit()


def python_loop(scope, period: Period) -> tuple[np.ndarray, np.ndarray]:
    """The same series without the runs: every observation of the scope's units loaded once, then for
    each unit and each month, the unit's state at that month's end."""
    rows = db.session.execute(db.select(Observation.unit_id, Observation.observed_on, Observation.state)
                              .where(Observation.unit_id.in_(scope.unit_ids()))
                              .order_by(Observation.unit_id, Observation.observed_on, Observation.id)).all()
    by_unit: dict[int, list] = {}
    for unit_id, day, state in rows:
        by_unit.setdefault(unit_id, []).append((day, state))
    units, vacant = np.zeros(len(period.months), int), np.zeros(len(period.months), int)
    for seen in by_unit.values():
        for i, month in enumerate(period.months):
            end = date(month // 12 + (month % 12 == 11), (month % 12 + 1) % 12 + 1, 1) - timedelta(days=1)
            state = None
            for day, what in seen:
                if day > end:
                    break
                state = what
            if state in COUNTED:
                units[i] += 1
                vacant[i] += state == "vacant"
    return units, vacant


def in_process(app, town_id: int, rounds: int = 5) -> tuple[float, float]:
    with app.app_context():
        scope = scope_of(db.session.get(Town, town_id))
        period = Period(month_index(SURVEYS[0]), month_index(TODAY), TODAY)
        sql, loop = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            series = vacancy.monthly(scope, period)
            sql.append(time.perf_counter() - started)
            started = time.perf_counter()
            units, vacant = python_loop(scope, period)
            loop.append(time.perf_counter() - started)
        if not (np.array_equal(series.units, units) and np.array_equal(series.vacant, vacant)):
            raise AssertionError("the SQL series and the Python loop disagree")
        return statistics.median(sql) * 1000, statistics.median(loop) * 1000


def measure(site: Site, town_id: int, n: int, pages: dict[str, str]) -> dict[str, list[float]]:
    session = sign_in(site)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for name, url in pages.items():
        for _ in range(5):  # warm-up
            session.get(site.base + url)
        for _ in range(n):
            started = time.perf_counter()
            answer = session.get(site.base + url)
            timings[name].append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"{url}: {answer.status_code}")
    return timings


def pages(town_id: int, everything: bool) -> dict[str, str]:
    found = {"observatory, last 24 months": f"/communes/{town_id}/observatoire",
             "observatory, ten years": f"/communes/{town_id}/observatoire?du=2016-10&au=2026-10"}
    if everything:
        found.update({
            "monthly CSV, ten years": f"/communes/{town_id}/observatoire.csv?du=2016-10&au=2026-10",
            "managers' vacant units": f"/communes/{town_id}/observatoire/unites",
            "impact study, one point": f"/communes/{town_id}/impact?secteur=food&lon={AURAY[0]}&lat={AURAY[1]}",
            "unmet demand": f"/communes/{town_id}/demande"})
    return found


def run(backend: str, units: int, country: int, projects: int, n: int) -> tuple[dict, tuple | None]:
    with temporary_app(backend, "bench-observatory-") as (app, workdir):
        started = time.perf_counter()
        town_id = populate_town(app, units)
        if country > units:
            populate_country(app, country - units)
        if projects:
            populate_projects(app, projects, town_id)
        print(f"  {backend}, {max(units, country):,} units in the country: built in {time.perf_counter() - started:.0f} s")
        loop = in_process(app, town_id) if projects else None
        site = Site(app.config["SQLALCHEMY_DATABASE_URI"], "memory://", workdir, workers=2, job_worker=False)
        try:
            return measure(site, town_id, n, pages(town_id, bool(projects))), loop
        finally:
            site.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--country", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    results = {}
    for label, backend, country, projects in (("SpatiaLite", "spatialite", args.units, args.projects),
                                              ("PostGIS, 10,000", "postgis", 10_000, args.projects),
                                              (f"PostGIS, {args.country:,}", "postgis", args.country, 0)):
        results[label] = run(backend, args.units, country, projects, args.requests)
    print(f"\nAuray: {args.units:,} units, ten years of history; {args.projects:,} projects; "
          f"gunicorn -w 2, {args.requests} requests each\n")
    for label, (_timings, loop) in results.items():
        if loop:
            print(f"- {label}: the ten-year monthly series in SQL {loop[0]:.1f} ms, "
                  f"the Python loop {loop[1]:.1f} ms: {loop[1] / loop[0]:.0f}× faster")
    names = list(results["SpatiaLite"][0])
    print("\n| page | " + " | ".join(f"p50 / p95, {label}" for label in results) + " |")
    print("|---|" + "---:|" * len(results))
    for name in names:
        cells = [f"{statistics.median(t[name]):.1f} / {p95(t[name]):.1f} ms" if name in t else "—"
                 for t, _loop in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    small, large = results["PostGIS, 10,000"][0], results[f"PostGIS, {args.country:,}"][0]
    for name in large:
        print(f"- {name}: p95 ratio {args.country:,} / 10,000 units = {p95(large[name]) / p95(small[name]):.2f}")


if __name__ == "__main__":
    main()
