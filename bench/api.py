"""The API's list endpoint at 100,000 published premises, in process, on both databases.

    python -m bench.api [--n 100000] [--runs 200]

``GET /api/v1/premises`` with a box and filters (a phone's map of a town centre, a department's
view with a surface and rent filter), and ``GET /api/v1/listings`` pages, through the Flask test
client: p50 and p95 in ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.search import TOWN_CENTRE, p95, populate, temporary_app


def queries() -> dict[str, str]:
    lon, lat = TOWN_CENTRE
    return {
        "town centre box (zoom 16)": f"/api/v1/premises?bbox={lon - 0.011},{lat - 0.0045},{lon + 0.011},{lat + 0.0045}",
        "town box, surface filters": f"/api/v1/premises?bbox={lon - 0.02},{lat - 0.01},{lon + 0.02},{lat + 0.01}"
                                    "&min_area=40&max_area=150&deal=to_let",
        "department box (clustered)": f"/api/v1/premises?bbox={lon - 0.6},{lat - 0.4},{lon + 0.6},{lat + 0.4}",
        "listings, first page of 50": "/api/v1/listings?limit=50",
        "listings, a page deep in the list": "/api/v1/listings?limit=50&cursor=YWZ0ZXI6OTAwMDA",
    }


def run(backend: str, n: int, runs: int) -> dict[str, list[float]]:
    with temporary_app(backend, "bench-api-") as (app, _workdir):
        with app.app_context():
            populate(n, random.Random(7))
        client = app.test_client()
        timings: dict[str, list[float]] = {}
        for name, url in queries().items():
            for _ in range(10):
                client.get(url)
            timings[name] = []
            for _ in range(runs):
                started = time.perf_counter()
                answer = client.get(url)
                timings[name].append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise RuntimeError(f"{url}: {answer.status_code} {answer.get_data(as_text=True)[:200]}")
        return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    results = {backend: run(backend, args.n, args.runs) for backend in ("spatialite", "postgis")}
    print(f"\n{args.n:,} published premises, {args.runs} requests each, in process\n")
    print("| request | p50 / p95, SpatiaLite | p50 / p95, PostGIS |")
    print("|---|---:|---:|")
    for name in queries():
        cells = [f"{statistics.median(t[name]):.1f} / {p95(t[name]):.1f} ms" for t in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
