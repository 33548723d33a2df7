"""The open-data exports at 10,000 and 100,000 published premises, on both databases.

    python -m bench.open_data [--sizes 10000,100000] [--backends spatialite,postgis]

For each size: the GeoJSON and the CSV streamed through ``gunicorn -w 2`` and read by a client as
they come (features per second, first byte), and the peak of Python memory while the same export
is produced in process (tracemalloc): it must not grow with the number of premises.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

import requests

from bench.publish import Site
from bench.search import populate, temporary_app
from bourse.search import exports
from bourse.search import filters as search

EXPORTS = {"GeoJSON": ("/donnees/locaux.geojson", exports.geojson),
           "CSV": ("/donnees/locaux.csv", exports.csv_utf8)}


def over_http(site: Site, path: str) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds in all, bytes), reading the stream as it comes."""
    started = time.perf_counter()
    first, size = None, 0
    with requests.get(site.base + path, stream=True, timeout=600) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_content(chunk_size=65536):
            if first is None:
                first = time.perf_counter() - started
            size += len(chunk)
    return first or 0.0, time.perf_counter() - started, size


def peak_memory(app, produce) -> int:
    """The peak of Python allocations while the export is produced and thrown away, in bytes."""
    with app.test_request_context("/donnees/locaux.geojson"):
        tracemalloc.start()
        for _chunk in produce(search.parse({})):
            pass
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def run(backend: str, n: int) -> list[dict]:
    with temporary_app(backend, "bench-open-data-") as (app, workdir):
        with app.app_context():
            populate(n, random.Random(7))
        rows = []
        site = Site(app.config["SQLALCHEMY_DATABASE_URI"], "memory://", workdir, workers=2, job_worker=False)
        try:
            for name, (path, produce) in EXPORTS.items():
                over_http(site, path)  # warm-up
                first, seconds, size = over_http(site, path)
                rows.append({"backend": backend, "n": n, "export": name, "first": first * 1000, "seconds": seconds,
                             "rate": n / seconds, "bytes": size, "peak": peak_memory(app, produce)})
        finally:
            site.stop()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="spatialite,postgis")
    args = parser.parse_args()
    rows = [row for backend in args.backends.split(",") for n in map(int, args.sizes.split(","))
            for row in run(backend, n)]
    print("\n| backend | premises | export | first byte | total | features/s | size | peak Python memory |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['backend']} | {r['n']:,} | {r['export']} | {r['first']:.0f} ms | {r['seconds']:.2f} s "
              f"| {r['rate']:,.0f} | {r['bytes'] / 1e6:.1f} MB | {r['peak'] / 1e6:.2f} MB |")


if __name__ == "__main__":
    main()
