"""Spatial column types and conversions between database values and coordinates."""

from __future__ import annotations

from geoalchemy2 import Geometry, WKBElement, WKTElement
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

# Everything is stored in WGS 84 longitude/latitude; distances are computed on the ellipsoid.
SRID = 4326


def PointColumn() -> Geometry:
    """A WGS 84 point column with a spatial index (GiST on PostGIS, R*Tree on SpatiaLite)."""
    return Geometry(geometry_type="POINT", srid=SRID, spatial_index=True)


def MultiPolygonColumn() -> Geometry:
    """A WGS 84 multipolygon column with a spatial index."""
    return Geometry(geometry_type="MULTIPOLYGON", srid=SRID, spatial_index=True)


def PolygonColumn() -> Geometry:
    """A WGS 84 polygon column with a spatial index (search areas)."""
    return Geometry(geometry_type="POLYGON", srid=SRID, spatial_index=True)


def make_point(lon: float, lat: float) -> WKTElement:
    """A value for a point column. Longitude first, as in GeoJSON."""
    return WKTElement(f"POINT({float(lon)!r} {float(lat)!r})", srid=SRID)


def point_coords(value: WKBElement | WKTElement | None) -> tuple[float, float] | None:
    """``(lon, lat)`` of a point column value, or None."""
    if value is None:
        return None
    shape = to_shape(value)
    return (shape.x, shape.y)


def to_polygon(shape: Polygon) -> WKBElement:
    """A value for a polygon column."""
    return from_shape(shape, srid=SRID)


def to_multipolygon(shape: BaseGeometry) -> WKBElement:
    """A value for a multipolygon column from a shapely Polygon or MultiPolygon.

    :raises ValueError: when the shape is not a valid (multi)polygon.
    """
    if isinstance(shape, Polygon):
        shape = MultiPolygon([shape])
    if not isinstance(shape, MultiPolygon):
        raise ValueError("not a polygon")
    if shape.is_empty or not shape.is_valid:
        raise ValueError("invalid polygon")
    return from_shape(shape, srid=SRID)


def to_geometry(value: WKBElement | None) -> BaseGeometry | None:
    """A shapely geometry from a column value, or None."""
    return None if value is None else to_shape(value)
