"""The register's pages at national scale, through a real gunicorn on PostGIS.

    python -m bench.register [--country 1000000] [--town 10000] [--observations 10] [--requests 200]

Two databases, built server-side with ``generate_series``: in the first, one town (Auray) has
``--town`` units and is alone in the country; in the second, the same town sits among
``--country`` units clustered around 2,000 towns the way real shop units are. Every unit has
``--observations`` observations. A town manager signed in to ``gunicorn -w 2`` opens the
register's pages of Auray, one request after another: the list (first page, and vacant for over a
year inside the perimeter's zone), and the map's points for the town centre's box at zoom 16.
The table gives p50 and p95 in ms for both databases and their ratio: the cost must not grow
with the country. It also prints how many dots the street's box holds.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import text

from bench.publish import PASSWORD, Site
from bench.search import build_app, p95
from bourse.accounts.models import User
from bourse.accounts.passwords import hash_password
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.register import perimeters
from bourse.towns import services as towns
from bourse.towns.models import Town
from tests.support import postgis

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
OTHER_TOWNS = 2000
AURAY = (-2.981, 47.668)
STREET = [[-2.9840, 47.6660], [-2.9790, 47.6660], [-2.9790, 47.6690], [-2.9840, 47.6690], [-2.9840, 47.6660]]
SQUARE = [[-2.990, 47.662], [-2.972, 47.662], [-2.972, 47.674], [-2.990, 47.674], [-2.990, 47.662]]


UNITS = """INSERT INTO units (town_id, address, address_key, name, location, created_at, state, state_since,
                                state_source, sector, obs_class)
    SELECT {town}, s.g || ' rue du Bench', s.g || ' rue du bench', NULL,
           ST_SetSRID(ST_MakePoint({lon} + (random() - 0.5) * 0.04 * random(),
                                   {lat} + (random() - 0.5) * 0.028 * random()), 4326), now(),
           (ARRAY['occupied','occupied','occupied','occupied','occupied','vacant','works','gone'])[1 + s.g % 8],
           date '2018-01-01' + (s.g % 2900), 'survey',
           (ARRAY['food','restaurant','personal_goods','home_culture','health_beauty','services','crafts'])[1 + s.g % 7],
           (ARRAY['convenience','leisure','comparison','comparison','service','service','comparison'])[1 + s.g % 7]
    FROM {series}"""


def populate(app, town_units: int, country_units: int, observations: int) -> int:
    """The manager, Auray with its perimeter and a zone, and the units; returns Auray's id."""
    with app.app_context():
        towns.seed_reference_towns()
        manager = User(email="manager@example.com", password_hash=hash_password(PASSWORD), full_name="Manager",
                       role=Role.TOWN_MANAGER.value, locale="fr")
        db.session.add(manager)
        auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
        manager.towns.append(auray)
        db.session.flush()
        perimeters.validate(manager, auray.id, json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"kind": "perimeter"},
             "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
            {"type": "Feature", "properties": {"kind": "zone", "name": "Rue du Lait"},
             "geometry": {"type": "Polygon", "coordinates": [STREET]}}]}))
        db.session.commit()
        others = country_units - town_units
        run = lambda sql, **values: db.session.execute(text(sql), values)  # noqa: E731
        if others > 0:
            run("""INSERT INTO towns (name, insee_code, department_code, department_name, centre, missing_sectors,
                   match_weights, created_at)
                   SELECT 'Ville ' || g, lpad((90000 + g)::text, 5, '0'), '99', 'Bench',
                          ST_SetSRID(ST_MakePoint(-4.5 + random() * 12, 43 + random() * 7.5), 4326), '[]', '{}', now()
                   FROM generate_series(1, :n) g""", n=OTHER_TOWNS)
        # Units within about 1.5 km of their town's centre, denser near the middle.
        run(UNITS.format(town=":town", lon=AURAY[0], lat=AURAY[1], series="generate_series(1, :n) AS s(g)"),
            town=auray.id, n=town_units)
        if others > 0:
            run(UNITS.format(town="t.id", lon="ST_X(t.centre)", lat="ST_Y(t.centre)",
                             series="generate_series(1, :n) AS s(g) JOIN towns t "
                                    "ON t.insee_code = lpad((90001 + s.g % :towns)::text, 5, '0')"),
                n=others, towns=OTHER_TOWNS)
        run("""INSERT INTO unit_observations (unit_id, observed_on, state, sector, obs_class, source, note, created_at)
               SELECT u.id, date '2017-01-01' + k * 170 + (u.id % 60),
                      (ARRAY['occupied','vacant','occupied','works','occupied'])[1 + (u.id + k) % 5],
                      u.sector, u.obs_class, 'survey', '', now()
               FROM units u CROSS JOIN generate_series(1, :k) k""", k=observations)
        db.session.commit()
        run("ANALYZE")
        db.session.commit()
        return auray.id


def sign_in(site: Site) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(f"{site.base}/connexion").text).group(1)
    answer = session.post(f"{site.base}/connexion", data={"email": "manager@example.com", "password": PASSWORD,
                                                          "csrf_token": token}, allow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in refused: {answer.status_code}")
    return session


def zone_id(app, town_id: int) -> int:
    with app.app_context():
        return perimeters.current(town_id).zones[0].id


def measure(site: Site, session: requests.Session, town_id: int, zone: int, n: int) -> dict[str, list[float]]:
    box = f"{AURAY[0] - 0.011},{AURAY[1] - 0.0045},{AURAY[0] + 0.011},{AURAY[1] + 0.0045}"  # zoom 16 on a phone
    street = f"{AURAY[0] + 0.004},{AURAY[1] + 0.002},{AURAY[0] + 0.006},{AURAY[1] + 0.003}"  # a street, zoomed in
    urls = {
        "list, first page": f"/communes/{town_id}/registre",
        "list, vacant > 12 months in a zone": f"/communes/{town_id}/registre?etat=vacant&duree=gt12&zone={zone}",
        "map, town centre box (grid cells)": f"/communes/{town_id}/registre/points?bbox={box}",
        "map, one street (every unit a dot)": f"/communes/{town_id}/registre/points?bbox={street}",
    }
    timings: dict[str, list[float]] = {name: [] for name in urls}
    dots = session.get(f"{site.base}/communes/{town_id}/registre/points?bbox={street}").json()
    print(f"  the street's box: {len(dots.get('units', []))} dots (clustered: {dots['clustered']})")
    for name, url in urls.items():
        for _ in range(10):  # warm-up
            session.get(site.base + url)
        for _ in range(n):
            start = time.perf_counter()
            answer = session.get(site.base + url)
            timings[name].append((time.perf_counter() - start) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"{url}: {answer.status_code}")
    return timings


def run(town_units: int, country_units: int, observations: int, n: int) -> tuple[dict, int]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-register-"))
    app, cleanup = build_app("postgis", workdir)
    try:
        started = time.perf_counter()
        town_id = populate(app, town_units, country_units, observations)
        built = time.perf_counter() - started
        site = Site(app.config["SQLALCHEMY_DATABASE_URI"], "memory://", workdir, workers=2, job_worker=False)
        try:
            timings = measure(site, sign_in(site), town_id, zone_id(app, town_id), n)
        finally:
            site.stop()
        print(f"  {country_units:,} units, {country_units * observations:,} observations: built in {built:.0f} s")
        return timings, town_id
    finally:
        with app.app_context():
            db.engine.dispose()
        if cleanup is not None:
            postgis.drop_database(cleanup)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--country", type=int, default=1_000_000)
    parser.add_argument("--town", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    small, _ = run(args.town, args.town, args.observations, args.requests)
    large, _ = run(args.town, args.country, args.observations, args.requests)
    print(f"\nAuray: {args.town:,} units; the country: {args.town:,} then {args.country:,} units, "
          f"{args.observations} observations each; gunicorn -w 2, {args.requests} requests each\n")
    print(f"| page | p50, {args.town:,} | p95, {args.town:,} | p50, {args.country:,} | p95, {args.country:,} "
          "| p95 ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in small:
        a, b = small[name], large[name]
        print(f"| {name} | {statistics.median(a):.1f} ms | {p95(a):.1f} ms | {statistics.median(b):.1f} ms "
              f"| {p95(b):.1f} ms | {p95(b) / p95(a):.2f} |")


if __name__ == "__main__":
    main()
