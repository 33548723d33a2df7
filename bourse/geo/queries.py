"""Spatial filters that use the spatial index on both PostGIS and SpatiaLite.

PostGIS uses its GiST index whenever a query says ``geom && envelope``. SpatiaLite never
uses its R*Tree on its own: a query must read the ``idx_<table>_<column>`` virtual table
explicitly, so ``within_bbox`` joins through it by rowid. Radius and k-nearest queries are
built on the same bounding-box filter, then refined with an exact ellipsoidal distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from geoalchemy2 import Geography
from sqlalchemy import ColumnElement, Float, Select, and_, cast, column, func, literal, table

from bourse.extensions import db
from bourse.geo.types import SRID

# Mean metres per degree of latitude; longitude degrees shrink with cos(latitude).
_METRES_PER_DEGREE = 111_320.0
MAX_RADIUS_METRES = 2_000_000.0


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude bounding box, validated on construction."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def __post_init__(self) -> None:
        values = (self.min_lon, self.min_lat, self.max_lon, self.max_lat)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("bbox coordinates must be finite numbers")
        if not (-180 <= self.min_lon <= 180 and -180 <= self.max_lon <= 180):
            raise ValueError("bbox longitudes must lie between -180 and 180")
        if not (-90 <= self.min_lat <= 90 and -90 <= self.max_lat <= 90):
            raise ValueError("bbox latitudes must lie between -90 and 90")
        if self.min_lon > self.max_lon or self.min_lat > self.max_lat:
            raise ValueError("bbox minimum must not exceed its maximum")

    @classmethod
    def enclosing(cls, points) -> "BBox | None":
        """The smallest box holding these ``(lon, lat)`` points; None for no point."""
        points = list(points)
        if not points:
            return None
        lons, lats = zip(*points)
        return cls(min(lons), min(lats), max(lons), max(lats))

    @classmethod
    def parse(cls, text: str) -> "BBox":
        """Parse ``minlon,minlat,maxlon,maxlat``.

        :raises ValueError: with a user-readable reason.
        """
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError("bbox needs four numbers: minlon,minlat,maxlon,maxlat")
        try:
            return cls(*(float(p) for p in parts))
        except ValueError as exc:
            raise ValueError(str(exc) if "bbox" in str(exc) else "bbox values must be numbers")

    @classmethod
    def around(cls, lon: float, lat: float, metres: float) -> "BBox":
        """The smallest box sure to contain every point within ``metres`` of (lon, lat)."""
        dlat = metres / _METRES_PER_DEGREE * 1.01
        edge_lat = min(89.9, abs(lat) + dlat)
        dlon = min(180.0, metres / (_METRES_PER_DEGREE * math.cos(math.radians(edge_lat))) * 1.01)
        return cls(
            max(-180.0, lon - dlon), max(-90.0, lat - dlat),
            min(180.0, lon + dlon), min(90.0, lat + dlat),
        )


def _dialect() -> str:
    return db.engine.dialect.name


def _point(lon: float, lat: float) -> ColumnElement[Any]:
    if _dialect() == "sqlite":
        return func.MakePoint(lon, lat, SRID)
    return func.ST_SetSRID(func.ST_MakePoint(lon, lat), SRID)


def _spatialite_rtree(geom_column) -> Any:
    """The R*Tree virtual table SpatiaLite keeps for ``geom_column``."""
    name = f"idx_{geom_column.table.name}_{geom_column.name}"
    return table(name, column("pkid"), column("xmin"), column("xmax"), column("ymin"), column("ymax"))


def within_bbox(geom_column, pk_column, bbox: BBox, indexed: bool = True) -> ColumnElement[bool]:
    """Rows whose geometry's envelope meets ``bbox``, through the spatial index.

    Not ``indexed`` (points only): the coordinates compared on each row, so that the planner walks
    another index (a page in relevance order among a dense area's tens of thousands of rows)
    rather than fetch and sort every row of the box."""
    if not indexed:
        return and_(func.ST_X(geom_column).between(bbox.min_lon, bbox.max_lon),
                    func.ST_Y(geom_column).between(bbox.min_lat, bbox.max_lat))
    if _dialect() == "sqlite":
        rtree = _spatialite_rtree(geom_column)
        ids = (
            db.select(rtree.c.pkid)
            .where(rtree.c.xmin <= bbox.max_lon, rtree.c.xmax >= bbox.min_lon)
            .where(rtree.c.ymin <= bbox.max_lat, rtree.c.ymax >= bbox.min_lat)
        )
        return pk_column.in_(ids)
    envelope = func.ST_MakeEnvelope(bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat, SRID)
    return geom_column.op("&&")(envelope)


def distance_metres(geom_column, lon: float, lat: float) -> ColumnElement[float]:
    """Ellipsoidal distance in metres from ``geom_column`` to (lon, lat)."""
    if _dialect() == "sqlite":
        return func.ST_Distance(geom_column, _point(lon, lat), literal(1))
    return func.ST_Distance(cast(geom_column, Geography), cast(_point(lon, lat), Geography))


def reaches(geom_column, lon: float, lat: float, metres_column) -> ColumnElement[bool]:
    """Rows whose own radius (``metres_column``) reaches (lon, lat). Plain arithmetic on the
    coordinates (an equirectangular plane around ``lat``, within 1 % up to a few hundred km): an
    ellipsoidal distance per row would cost more than the rest of the query."""
    x = (func.ST_X(geom_column) - lon) * (_METRES_PER_DEGREE * math.cos(math.radians(lat)))
    y = (func.ST_Y(geom_column) - lat) * _METRES_PER_DEGREE
    return x * x + y * y <= metres_column * metres_column


def within_radius(geom_column, pk_column, lon: float, lat: float, metres: float,
                  indexed: bool = True) -> ColumnElement[bool]:
    """Rows within ``metres`` of (lon, lat): index-backed box first (per row if not ``indexed``,
    see ``within_bbox``), exact distance second."""
    if not (0 < metres <= MAX_RADIUS_METRES):
        raise ValueError("radius must be above 0 and at most 2,000 km")
    box = within_bbox(geom_column, pk_column, BBox.around(lon, lat, metres), indexed)
    if _dialect() == "sqlite":
        exact = func.PtDistWithin(geom_column, _point(lon, lat), metres, 1) == 1
    else:
        exact = func.ST_DWithin(cast(geom_column, Geography), cast(_point(lon, lat), Geography), metres)
    return box & exact


def nearest(
    stmt: Select, geom_column, pk_column, lon: float, lat: float, k: int,
    radii: Sequence[float] = (1_000, 5_000, 25_000, 125_000, 625_000, MAX_RADIUS_METRES),
) -> list[tuple[Any, float]]:
    """The ``k`` rows of ``stmt`` nearest to (lon, lat), with their distance in metres.

    Searches growing radii through the index; once a radius holds ``k`` rows, nothing
    outside it can be nearer, so the answer is exact. ``stmt`` selects one entity.
    """
    if k <= 0:
        return []
    distance = distance_metres(geom_column, lon, lat).label("distance_m")
    if _dialect() == "postgresql":
        found = _nearest_knn(stmt, geom_column, pk_column, lon, lat, k, distance)
        if found is not None:
            return found
    rows: list = []
    for radius in radii:
        query = (
            stmt.add_columns(distance)
            .where(within_radius(geom_column, pk_column, lon, lat, radius))
            .order_by(distance, pk_column)
            .limit(k)
        )
        rows = db.session.execute(query).all()
        if len(rows) >= k:
            break
    return [(row[0], float(row[1])) for row in rows]


def _nearest_knn(stmt: Select, geom_column, pk_column, lon: float, lat: float, k: int, distance):
    """PostGIS: the index's own nearest-first scan (``<->``, in degrees) gives ``4k`` candidates,
    re-ranked by their distance in metres. Exact when no point beyond the candidates can be nearer
    than the k-th: a degree of the plane is at least ``cos(latitude)`` × 111 km on the ground (less
    1 % for the ellipsoid). None when that cannot be shown (the caller searches by radius)."""
    planar = geom_column.op("<->", return_type=Float)(_point(lon, lat)).label("planar")
    wanted = 4 * k
    rows = db.session.execute(stmt.add_columns(distance, planar).order_by(planar).limit(wanted)).all()  # KNN: one key
    ranked = sorted(rows, key=lambda row: (row[1], getattr(row[0], "id", 0)))[:k]
    if len(rows) == wanted and ranked:
        shortest_beyond = rows[-1][2] * _METRES_PER_DEGREE * math.cos(math.radians(min(89.0, abs(lat) + 1))) * 0.99
        if shortest_beyond < ranked[-1][1]:
            return None
    return [(row[0], float(row[1])) for row in ranked]


def area_around(lon: float, lat: float, metres: float, sides: int = 48):
    """A polygon (shapely) approximating the circle of ``metres`` around (lon, lat), for search areas."""
    from shapely.geometry import Polygon

    dlat = metres / _METRES_PER_DEGREE
    dlon = metres / (_METRES_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    return Polygon([(lon + dlon * math.cos(2 * math.pi * i / sides), lat + dlat * math.sin(2 * math.pi * i / sides))
                    for i in range(sides)])


def inside_area(geom_column, pk_column, area) -> ColumnElement[bool]:
    """Rows whose point lies inside the shapely ``area`` (a zone, a perimeter): the spatial index
    on the points finds those in its envelope, the exact test follows."""
    min_lon, min_lat, max_lon, max_lat = area.bounds
    shape = func.ST_GeomFromText(area.wkt, SRID)
    exact = func.ST_Intersects(geom_column, shape)
    return within_bbox(geom_column, pk_column, BBox(min_lon, min_lat, max_lon, max_lat)) & (
        (exact == 1) if _dialect() == "sqlite" else exact)


def covers_point(geom_column, pk_column, lon: float, lat: float) -> ColumnElement[bool]:
    """Rows whose area contains (lon, lat): the spatial index finds the candidates, then the exact test."""
    point = _point(lon, lat)
    if _dialect() == "sqlite":
        rtree = _spatialite_rtree(geom_column)
        ids = (db.select(rtree.c.pkid).where(rtree.c.xmin <= lon, rtree.c.xmax >= lon)
               .where(rtree.c.ymin <= lat, rtree.c.ymax >= lat))
        return pk_column.in_(ids) & (func.ST_Intersects(geom_column, point) == 1)
    return geom_column.op("&&")(point) & func.ST_Intersects(geom_column, point)
