"""Spatial queries: right answers, and the spatial index really used, on both backends."""

from __future__ import annotations

import math
import random

import pytest
from sqlalchemy import text

from bourse import geo
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.geo import BBox
from bourse.premises.models import Premises
from tests.builders import make_premises, make_town
from tests.support.plans import query_plan

CENTRE = (-2.981, 47.668)  # Auray


def geodesic_metres(lon1, lat1, lon2, lat2) -> float:
    """Haversine on the mean Earth radius: within 0.5 % of the ellipsoid, enough to compare."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


@pytest.fixture
def scattered(app, make_user):
    """3,000 premises within ~60 km of Auray, then statistics refreshed."""
    owner = make_user(Role.LANDLORD)
    town = make_town()
    rng = random.Random(42)
    points = {}
    for n in range(3000):
        lon = CENTRE[0] + rng.uniform(-0.8, 0.8)
        lat = CENTRE[1] + rng.uniform(-0.5, 0.5)
        premises = make_premises(owner, town, lon, lat, n=n + 1)
        points[premises.reference] = (lon, lat)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE premises"))
    return points


def _refs(rows):
    return {p.reference for p in rows}


def test_bbox_returns_exactly_the_points_inside(scattered):
    box = BBox(-3.0, 47.6, -2.9, 47.7)
    stmt = db.select(Premises).where(geo.within_bbox(Premises.location, Premises.id, box))
    found = _refs(db.session.scalars(stmt))
    expected = {ref for ref, (lon, lat) in scattered.items()
                if box.min_lon <= lon <= box.max_lon and box.min_lat <= lat <= box.max_lat}
    assert expected and found == expected


def test_radius_matches_geodesic_distance(scattered):
    lon, lat = CENTRE
    stmt = db.select(Premises).where(geo.within_radius(Premises.location, Premises.id, lon, lat, 5_000))
    found = _refs(db.session.scalars(stmt))
    inside = {r for r, (x, y) in scattered.items() if geodesic_metres(lon, lat, x, y) < 4_980}
    outside = {r for r, (x, y) in scattered.items() if geodesic_metres(lon, lat, x, y) > 5_020}
    assert inside, "the fixture should put points within 5 km"
    assert inside <= found
    assert not (found & outside)


def test_nearest_returns_the_k_closest_in_order(scattered):
    lon, lat = -2.95, 47.70
    rows = geo.nearest(db.select(Premises), Premises.location, Premises.id, lon, lat, k=10)
    expected = sorted(scattered, key=lambda r: geodesic_metres(lon, lat, *scattered[r]))[:10]
    assert [p.reference for p, _d in rows] == expected
    distances = [d for _p, d in rows]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(geodesic_metres(lon, lat, *scattered[expected[0]]), rel=0.005)


def test_nearest_far_from_everything_still_finds_k(scattered):
    rows = geo.nearest(db.select(Premises), Premises.location, Premises.id, 5.0, 45.0, k=3)
    assert len(rows) == 3


def _assert_uses_spatial_index(plan: str) -> None:
    if db.engine.dialect.name == "sqlite":
        assert "idx_premises_location VIRTUAL TABLE INDEX" in plan, plan
    else:
        assert "idx_premises_location" in plan, plan
        assert "Seq Scan on premises" not in plan, plan


def test_bbox_uses_the_spatial_index(scattered):
    stmt = db.select(Premises).where(geo.within_bbox(Premises.location, Premises.id, BBox(-3.0, 47.65, -2.97, 47.68)))
    _assert_uses_spatial_index(query_plan(stmt))


def test_radius_uses_the_spatial_index(scattered):
    stmt = db.select(Premises).where(geo.within_radius(Premises.location, Premises.id, *CENTRE, 2_000))
    _assert_uses_spatial_index(query_plan(stmt))


def test_nearest_uses_the_spatial_index(scattered, monkeypatch):
    plans = []
    real_execute = db.session.execute

    def recording_execute(stmt, *args, **kwargs):
        plans.append(query_plan(stmt))
        return real_execute(stmt, *args, **kwargs)

    monkeypatch.setattr(db.session, "execute", recording_execute)
    geo.nearest(db.select(Premises), Premises.location, Premises.id, *CENTRE, k=5)
    assert plans
    for plan in plans:
        _assert_uses_spatial_index(plan)


@pytest.mark.parametrize("text_bbox", ["1,2,3", "a,b,c,d", "10,10,0,0", "-200,0,0,10", "0,-95,10,10", "nan,0,1,1"])
def test_bad_bbox_is_refused_with_a_reason(text_bbox):
    with pytest.raises(ValueError) as error:
        BBox.parse(text_bbox)
    assert "bbox" in str(error.value)


@pytest.mark.parametrize("metres", [0, -5, 10_000_000])
def test_absurd_radius_is_refused(app, metres):
    with pytest.raises(ValueError):
        geo.within_radius(Premises.location, Premises.id, *CENTRE, metres)


def test_box_around_a_point_contains_the_whole_circle():
    box = BBox.around(-2.98, 47.67, 10_000)
    # 10 km east and north of Auray must fall inside the box
    assert box.max_lon > -2.98 + 10_000 / (111_320 * math.cos(math.radians(47.67)))
    assert box.max_lat > 47.67 + 10_000 / 111_320


def test_nearest_is_exact_wherever_it_is_asked(scattered):
    """The index's nearest-first scan (PostGIS) and the growing radii (SpatiaLite) both give the k
    nearest by ground distance, in the middle of the points and at their edges."""
    rng = random.Random(7)
    for _ in range(25):
        lon, lat = CENTRE[0] + rng.uniform(-1.2, 1.2), CENTRE[1] + rng.uniform(-0.8, 0.8)
        rows = geo.nearest(db.select(Premises), Premises.location, Premises.id, lon, lat, k=4)
        expected = sorted(scattered, key=lambda r: geodesic_metres(lon, lat, *scattered[r]))[:4]
        assert [p.reference for p, _d in rows] == expected


def test_postgresql_connections_neither_compile_queries_nor_start_parallel_workers(app, backend):
    """Spatial functions inflate cost estimates past ``jit_above_cost``: compiling cost more than running."""
    if backend != "postgis":
        pytest.skip("JIT is PostgreSQL's")
    assert db.session.scalar(text("SHOW jit")) == "off"
    assert db.session.scalar(text("SHOW max_parallel_workers_per_gather")) == "0"
    assert geo.database.engine_options("postgresql://h/d?options=-c%20statement_timeout%3D5000")[
        "connect_args"]["options"] == "-c statement_timeout=5000 -c jit=off -c max_parallel_workers_per_gather=0"
