"""Country and region maps from counted cells: kept in step by the database, equal to a live count,
snapped to a fixed grid, revalidated with an ETag."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import func, insert

from bourse.extensions import db
from bourse.geo import BBox, cells
from bourse.premises import services
from bourse.premises.models import Premises
from bourse.search import mapdata
from bourse.search import map_cells
from bourse.search.models import PremisesMapCell, PremisesMapDelta
from tests.fixtures import listing_data

FRANCE = "-5,41,10,51"


def _from_scratch() -> dict:
    """Every stored level's cells counted from the premises themselves."""
    expected = {}
    rows = db.session.execute(db.select(func.ST_X(Premises.location), func.ST_Y(Premises.location))
                              .where(Premises.status == "published")).all()
    for level in range(cells.STORED_LEVELS + 1):
        step = cells.size(level)
        for lon, lat in rows:
            key = (level, int(lon // step), int(lat // step))
            n, sx, sy = expected.get(key, (0, 0.0, 0.0))
            expected[key] = (n + 1, sx + lon, sy + lat)
    return expected


def _stored() -> dict:
    """Cells plus the deltas not yet folded, as the map reads them."""
    found = {}
    for table in (PremisesMapCell, PremisesMapDelta):
        for c in db.session.scalars(db.select(table)):
            n, sx, sy = found.get((c.level, c.cx, c.cy), (0, 0.0, 0.0))
            found[(c.level, c.cx, c.cy)] = (n + c.n, sx + c.sum_lon, sy + c.sum_lat)
    return {key: value for key, value in found.items() if value[0] > 0}


def _same(stored: dict, expected: dict) -> None:
    assert stored.keys() == expected.keys()
    for key, (n, sx, sy) in expected.items():
        assert stored[key][0] == n, key
        assert stored[key][1] == pytest.approx(sx, abs=1e-6) and stored[key][2] == pytest.approx(sy, abs=1e-6)


def test_the_database_keeps_the_cells_in_step_whatever_writes_the_premises(make_listing, landlord, auray):
    first = make_listing(lon=-2.9826, lat=47.6680)
    moved = make_listing(lon=-2.9855, lat=47.6670)
    make_listing(status="draft", lon=-2.9830, lat=47.6685)
    withdrawn = make_listing(lon=-2.9810, lat=47.6690)
    assert _stored()[(0, -1, 11)][0] == 3
    services.update_premises(landlord, moved, listing_data(auray, lon=-2.9815, lat=47.6675))
    services.change_status(landlord, withdrawn, "withdraw")
    services.change_status(landlord, first, "mark_under_offer")
    services.change_status(landlord, first, "publish")
    db.session.commit()
    services.delete_premises(landlord, withdrawn)
    # A bulk insert that no Python code sees (an import script, a restore) is counted too.
    db.session.execute(insert(Premises), [dict(
        reference=f"BULK{i}", owner_id=landlord.id, town_id=auray.id, title="Local", description="", address="Rue",
        location=f"SRID=4326;POINT({-2.99 + i * 0.001} {47.66 + i * 0.0005})", sales_area_m2=Decimal(40),
        deal_type="to_let", lease_types=[], allowed_sectors=[], excluded_sectors=[], status="published")
        for i in range(25)])
    db.session.commit()
    _same(_stored(), _from_scratch())
    assert sum(n for (level, *_c), (n, *_s) in _stored().items() if level == 0) == 27
    assert db.session.scalar(db.select(func.count()).select_from(PremisesMapDelta)) > 0
    map_cells.fold()
    db.session.commit()
    assert db.session.scalar(db.select(func.count()).select_from(PremisesMapDelta)) == 0
    _same(_stored(), _from_scratch())


def test_folding_while_units_are_published_counts_each_once(make_listing):
    """A fold between two publications, another after: every unit counted once in the cells."""
    make_listing()
    map_cells.fold()
    db.session.commit()
    make_listing(lon=-2.9830)
    make_listing(lon=-2.9835, status="draft")
    map_cells.fold()
    db.session.commit()
    map_cells.fold()  # nothing left: a no-op
    db.session.commit()
    level0 = db.session.scalars(db.select(PremisesMapCell).where(PremisesMapCell.level == 0)).all()
    assert [c.n for c in level0] == [2]
    _same(_stored(), _from_scratch())


def test_stored_clusters_are_the_live_count_of_the_same_grid(client, make_listing, monkeypatch):
    rng = random.Random(3)
    for _ in range(40):  # on both sides of a level-8 cell edge (longitude -2.984375)
        make_listing(lon=-2.9865 + rng.random() * 0.005, lat=47.6665 + rng.random() * 0.003)
    monkeypatch.setattr(mapdata, "MAX_POINTS", 5)
    region = "-3.1,47.6,-2.8,47.75"
    assert cells.level_for(BBox.parse(region)) == 8
    stored = client.get(f"/api/v1/premises?bbox={region}").get_json()
    live = client.get(f"/api/v1/premises?bbox={region}&deal=to_let").get_json()  # a filter: counted live
    assert stored["clustered"] and live["clustered"] and stored["total"] == live["total"] == 40
    counts = [f["properties"]["count"] for f in stored["features"]]
    assert len(counts) == 2 and counts == [f["properties"]["count"] for f in live["features"]]
    for a, b in zip(stored["features"], live["features"]):
        assert a["geometry"]["coordinates"] == pytest.approx(b["geometry"]["coordinates"], abs=2e-4)


def test_country_view_reads_cells_not_premises(client, make_listing, monkeypatch):
    make_listing()
    make_listing(lon=-2.9800)
    monkeypatch.setattr(mapdata, "MAX_POINTS", 1)
    seen = []
    monkeypatch.setattr(mapdata, "_live_cells", lambda *a: seen.append(a) or [])
    monkeypatch.setattr(mapdata, "_points", lambda *a: seen.append(a) or {})
    body = client.get(f"/api/v1/premises?bbox={FRANCE}").get_json()
    assert body["clustered"] and body["total"] == 2 and seen == []


@pytest.mark.parametrize("seed", range(200))
def test_a_snapped_box_is_answered_at_its_own_level(seed):
    rng = random.Random(seed)
    width = 10 ** rng.uniform(-3.5, 1.5)
    lon, lat = rng.uniform(-5, 8), rng.uniform(42, 51)
    box = BBox(lon, lat, min(180, lon + width), min(90, lat + width * rng.uniform(0.3, 1.5)))
    grid = cells.CellRange.covering(box)
    assert grid.x1 - grid.x0 < cells.ACROSS and grid.y1 - grid.y0 < cells.ACROSS
    snapped = grid.box
    assert snapped.min_lon <= box.min_lon and snapped.max_lon >= box.max_lon
    again = BBox(*(float(repr(v)) for v in (snapped.min_lon, snapped.min_lat, snapped.max_lon, snapped.max_lat)))
    assert cells.CellRange.covering(again) == grid


def test_the_map_answers_304_to_a_cache_that_holds_it(client, make_listing):
    make_listing()
    first = client.get("/api/v1/premises?bbox=-2.99,47.66,-2.97,47.675")
    assert first.status_code == 200 and first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    again = client.get("/api/v1/premises?bbox=-2.99,47.66,-2.97,47.675",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    make_listing(lon=-2.9800)
    changed = client.get("/api/v1/premises?bbox=-2.99,47.66,-2.97,47.675",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["total"] == 2


def test_a_kept_answer_is_never_one_from_before_a_change(client, make_listing, landlord):
    """Each worker keeps the map's answers while no listing changes: the next change is seen at once."""
    first = make_listing()
    url = "/api/v1/premises?bbox=-2.99,47.66,-2.97,47.675"
    assert client.get(url).get_json()["total"] == 1
    assert client.get(url).get_json()["total"] == 1  # kept
    services.change_status(landlord, first, "withdraw")
    db.session.commit()
    assert client.get(url).get_json()["total"] == 0
    make_listing(lon=-2.9800, rent_per_year=Decimal(7200))
    [point] = client.get(url).get_json()["features"]
    assert point["properties"]["r"] == 7200


def test_a_kept_answer_follows_a_call_closing_with_time(client, make_listing, manager, monkeypatch):
    """A call closes when its date passes, no row changing: the map's test-boutique badge goes at once."""
    from datetime import timedelta

    from bourse.programmes import queries
    from bourse.timeutil import utcnow
    from tests.builders import make_call, make_programme, make_slot

    boutique = make_listing()
    make_slot(manager, make_call(manager, make_programme(manager, boutique), days_open=3))
    url = "/api/v1/premises?bbox=-2.99,47.66,-2.97,47.675"
    assert client.get(url).get_json()["features"][0]["properties"].get("tb") == 1
    assert client.get(url).get_json()["features"][0]["properties"].get("tb") == 1  # kept
    later = utcnow() + timedelta(days=4)
    monkeypatch.setattr(queries, "utcnow", lambda: later)
    assert "tb" not in client.get(url).get_json()["features"][0]["properties"]


def test_threads_asking_for_the_same_missing_answer_compute_it_once(monkeypatch):
    import threading
    import time

    from bourse.search import map_cache

    calls, gate = [], threading.Barrier(4)

    def compute() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b"answer"

    def ask(results: list) -> None:
        gate.wait()
        results.append(map_cache.answer(b"same-key", compute))

    results: list = []
    map_cache.clear()
    monkeypatch.setattr(map_cache, "data_version", lambda: ("v", ()))
    threads = [threading.Thread(target=ask, args=(results,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    map_cache.clear()
    assert results == [b"answer"] * 4 and len(calls) == 1
