"""GeoJSON in and out."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Float, Numeric, Text, aggregate_order_by, cast, func

from bourse.extensions import db
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


def point_features_sql(lon, lat, properties: dict[str, Any], order_by, digits: int = 5):
    """SQL: the selected rows as the text of a JSON array of GeoJSON point features, built by the
    database (a map's thousand markers cost no Python object each). Coordinates are rounded to
    ``digits`` decimals, decimal properties to one; a property whose value is NULL is left out."""
    postgres = db.engine.dialect.name == "postgresql"
    properties = {name: _one_decimal(value, postgres) for name, value in properties.items()}
    if postgres:
        x, y = (func.trim_scale(func.round(cast(c, Numeric), digits)) for c in (lon, lat))
        props = func.json_strip_nulls(func.json_build_object(*_pairs(properties)))
        feature = func.json_build_object("type", "Feature", "geometry", func.json_build_object(
            "type", "Point", "coordinates", func.json_build_array(x, y)), "properties", props)
        return func.coalesce(cast(aggregate_order_by(func.json_agg(feature), *order_by), Text), "[]")
    # SQLite's JSON1: json_patch onto {} drops the members whose value is null (RFC 7396).
    props = func.json_patch("{}", func.json_object(*_pairs(properties)))
    feature = func.json_object("type", "Feature", "geometry", func.json_object(
        "type", "Point", "coordinates", func.json_array(func.round(lon, digits), func.round(lat, digits))),
        "properties", func.json(props))
    return aggregate_order_by(func.json_group_array(func.json(feature)), *order_by)


def _pairs(properties: dict[str, Any]) -> list:
    return [item for name, value in properties.items() for item in (name, value)]


def _one_decimal(value, postgres: bool):
    if not isinstance(getattr(value, "type", None), Numeric) or isinstance(value.type, Float):
        return value
    return func.trim_scale(func.round(value, 1)) if postgres else func.round(value, 1)
