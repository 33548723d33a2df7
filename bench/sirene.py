"""Sirene import speed: a département's establishment file streamed and filtered for one town.

    python -m bench.sirene [--rows 500000] [--share 0.015]

The file is built in INSEE's exact column layout (tests/support/sirene.py): ``--rows`` establishments
of 300 communes, ``--share`` of them in Auray, with the mix of a real extract (shops and offices,
active and closed, a few without coordinates). Three passes over the same file, in this process:

- the floor: reading every row with the ``csv`` module and doing nothing with it;
- the scan: ``sirene.scan``, which keeps Auray's shops (NAF mapping, Lambert-93 to WGS 84, checks);
- the import: ``sirene.import_file``, the scan plus matching and writing the units (SpatiaLite).

It prints rows per second and each pass's time against the floor, as a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from bourse.extensions import db
from bourse.register import sirene
from bourse.register.models import Unit
from bourse.towns import services as towns
from bourse.towns.models import Town
from bench.search import build_app
from tests.support.sirene import AURAY_LAMBERT, COLUMNS, establishment

NAFS = ["47.11F", "10.71C", "56.10A", "56.30Z", "47.71Z", "96.02A", "68.31Z", "69.20Z", "70.10Z", "43.22A",
        "86.21Z", "47.73Z", "62.01Z", "41.20A"]


def build(path: Path, rows: int, share: float, rng: random.Random) -> int:
    """Write the file; returns how many rows are Auray's."""
    communes = [f"56{n:03d}" for n in range(1, 301) if f"56{n:03d}" != "56007"]
    ours = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for n in range(rows):
            mine = rng.random() < share
            ours += mine
            row = establishment(n, commune="56007" if mine else rng.choice(communes), naf=rng.choice(NAFS),
                                state="A" if rng.random() < 0.7 else "F",
                                x=AURAY_LAMBERT[0] + rng.uniform(-600, 600), y=AURAY_LAMBERT[1] + rng.uniform(-400, 400),
                                created=f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-01",
                                since=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-01")
            if rng.random() < 0.05:
                row["coordonneeLambertAbscisseEtablissement"] = row["coordonneeLambertOrdonneeEtablissement"] = ""
            writer.writerow(row)
    return ours


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def floor(path: Path) -> int:
    count = 0
    with path.open(encoding="utf-8", newline="") as text:
        for _row in csv.reader(text):
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--share", type=float, default=0.015)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-sirene-"))
    path = workdir / "StockEtablissement_56.csv"
    ours = build(path, args.rows, args.share, random.Random(7))
    size_mb = path.stat().st_size / 1e6
    app, _cleanup = build_app("spatialite", workdir)
    with app.app_context():
        towns.seed_reference_towns()
        db.session.commit()
        auray = db.session.scalar(db.select(Town).where(Town.insee_code == "56007"))
        floor_s, _ = timed(lambda: floor(path))
        with path.open("rb") as binary:
            scan_s, found = timed(lambda: sirene.scan(binary, {"56007": auray}))
        with path.open("rb") as binary:
            import_s, reports = timed(lambda: sirene.import_file(binary, [auray]))
        db.session.commit()
        units = db.session.scalar(db.select(db.func.count(Unit.id)))
    kept = len(found.by_town["56007"])
    print(f"{args.rows:,} rows ({size_mb:.0f} MB), {ours:,} in Auray, {kept:,} of them shops kept, {units:,} units\n")
    print("| pass | time | rows/s | × the csv floor |")
    print("|---|---:|---:|---:|")
    for name, seconds in (("csv.reader, nothing else (floor)", floor_s), ("sirene.scan (filter, map, convert)", scan_s),
                          ("sirene.import_file (scan + match + write)", import_s)):
        print(f"| {name} | {seconds:.2f} s | {args.rows / seconds:,.0f} | {seconds / floor_s:.2f} |")
    print(f"\nreport: {reports['56007'].observations} observations, {reports['56007'].skipped} left out, "
          f"{reports['56007'].problem_count} problems")


if __name__ == "__main__":
    main()
