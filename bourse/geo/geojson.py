"""GeoJSON in and out."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from bourse.geo.types import to_geometry


class GeoJSONError(ValueError):
    """Input that is not usable GeoJSON; the message is shown to the user."""


def parse_polygon(text: str) -> BaseGeometry:
    """A valid Polygon or MultiPolygon in WGS 84 from GeoJSON text (a geometry or a Feature).

    :raises GeoJSONError: with the reason.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise GeoJSONError(_l("not valid JSON")) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
        raise GeoJSONError(_l("a Polygon or MultiPolygon geometry is expected"))
    try:
        geom = shape(data)
    except Exception:  # shapely raises several types for malformed coordinates
        raise GeoJSONError(_l("the coordinates are malformed")) from None
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise GeoJSONError(_l("coordinates must be longitude, latitude in degrees"))
    if geom.is_empty or not geom.is_valid:
        raise GeoJSONError(_l("the polygon is empty or crosses itself"))
    return geom


def geometry_to_geojson(value) -> dict[str, Any] | None:
    """A GeoJSON geometry dict from a column value."""
    geom = to_geometry(value)
    return None if geom is None else mapping(geom)


def dumps(value) -> str:
    """GeoJSON text for a column value ('' for none), for forms."""
    data = geometry_to_geojson(value)
    return "" if data is None else json.dumps(data)
