"""Importing premises from a file, on both databases.

    python -m bench.premises_import [--rows 10000] [--backends spatialite,postgis]

A CSV with the export's columns, ``--rows`` rows inside Auray's centre, imported by a landlord
through the import job's own code (every row checked by the form and the rules, then created as
drafts, with the report): the time it takes, and rows per second.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.search import temporary_app
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises import imports
from bourse.towns import services as towns

HEADER = "title,address,insee_code,lon,lat,sales_area_m2,deal_type,rent_per_year,lease_types,allowed_sectors\n"


def csv_file(rows: int) -> bytes:
    rng = random.Random(2026)
    lines = [f"Local {n},{n} rue du Bench,56007,{-2.9840 + rng.random() * 0.004:.6f},{47.6665 + rng.random() * 0.002:.6f},"
             f"{rng.randint(20, 200)},to_let,{rng.randint(6, 40) * 1000},commercial_369|short_term,food|crafts\n"
             for n in range(rows)]
    return (HEADER + "".join(lines)).encode()


def run(backend: str, rows: int) -> dict:
    with temporary_app(backend, "bench-import-") as (app, _workdir):
        with app.app_context():
            towns.seed_reference_towns()
            landlord = User(email="bailleur@example.com", password_hash="x", full_name="Bailleur",
                            role=Role.LANDLORD.value, locale="fr")
            db.session.add(landlord)
            db.session.commit()
            payload = csv_file(rows)
            started = time.perf_counter()
            report = imports.import_premises(landlord, landlord, payload)
            db.session.commit()
            seconds = time.perf_counter() - started
            if report.outcome != "imported" or report.created != rows:
                raise RuntimeError(f"import refused: {report.file_problem} {report.problems[:3]}")
        return {"backend": backend, "rows": rows, "seconds": seconds, "rate": rows / seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    results = [run(backend, args.rows) for backend in args.backends.split(",")]
    print("\n| backend | rows | time (checked, created, committed, with the report) | rows/s |")
    print("|---|---:|---:|---:|")
    for r in results:
        print(f"| {r['backend']} | {r['rows']:,} | {r['seconds']:.1f} s | {r['rate']:,.0f} |")


if __name__ == "__main__":
    main()
