"""Lambert-93 (EPSG:2154), the projection of French open data such as Sirene, to WGS 84.

The database converts (ST_Transform, PROJ inside PostGIS or SpatiaLite): a Python binding of PROJ
loaded beside SpatiaLite's own PROJ corrupts the process's memory. A whole file's points go in
one statement, as one MULTIPOINT. The checks tell metres from degrees, since spreadsheets swap
them as readily as they swap latitude and longitude.
"""

from __future__ import annotations

from shapely import wkt
from sqlalchemy import func, select

from bourse.extensions import db

LAMBERT_93 = 2154
WGS_84 = 4326
BATCH = 5000
# Metropolitan France and Corsica in Lambert-93 metres, a little generously.
X_RANGE = (50_000.0, 1_300_000.0)
Y_RANGE = (6_000_000.0, 7_150_000.0)


def to_wgs84(x, y) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of Lambert-93 ``x``/``y`` (sequences of the same length)."""
    xs, ys = [float(v) for v in x], [float(v) for v in y]
    lons: list[float] = []
    lats: list[float] = []
    for start in range(0, len(xs), BATCH):
        chunk = zip(xs[start:start + BATCH], ys[start:start + BATCH])
        points = "MULTIPOINT(" + ", ".join(f"({a!r} {b!r})" for a, b in chunk) + ")"
        answer = db.session.scalar(select(func.ST_AsText(func.ST_Transform(
            func.ST_GeomFromText(points, LAMBERT_93), WGS_84))))
        converted = wkt.loads(answer)
        lons += [p.x for p in converted.geoms]
        lats += [p.y for p in converted.geoms]
    return lons, lats


def looks_like_lambert93(x: float, y: float) -> bool:
    """True for numbers that can only be Lambert-93 metres in France (never degrees)."""
    return X_RANGE[0] <= x <= X_RANGE[1] and Y_RANGE[0] <= y <= Y_RANGE[1]


def looks_like_degrees(x: float, y: float) -> bool:
    """True for numbers that are degrees (either order), not metres."""
    return abs(x) <= 180 and abs(y) <= 180
