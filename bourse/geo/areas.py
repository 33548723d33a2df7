"""Areas people draw or import: a town-centre perimeter and its named zones, from GeoJSON, checked
for what a GIS would refuse (self-intersections, empty shapes, points where areas belong)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from shapely import make_valid
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import explain_validity

from bourse.geo.france import in_france

M_PER_DEGREE = 111_320.0
MAX_PERIMETER_KM2 = 60.0  # a town centre, not a département
MAX_FROM_CENTRE_M = 5_000.0  # the perimeter must come this close to the town's centre


class AreaProblem(ValueError):
    """What is wrong with a drawing, as a code and a value the page words."""

    def __init__(self, code: str, number: int | None = None, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.number, self.detail = code, number, detail


@dataclass
class Drawing:
    perimeter: MultiPolygon
    zones: list[tuple[str, MultiPolygon]]


def area_km2(geometry: BaseGeometry) -> float:
    lat = geometry.centroid.y if not geometry.is_empty else 0.0
    return geometry.area * M_PER_DEGREE * M_PER_DEGREE * math.cos(math.radians(lat)) / 1e6


def polygons_only(geometry: BaseGeometry) -> MultiPolygon:
    """The polygon parts of a geometry (a union or an intersection can leave lines and points)."""
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    if isinstance(geometry, MultiPolygon):
        return geometry
    parts = [p for g in getattr(geometry, "geoms", []) for p in polygons_only(g).geoms]
    return MultiPolygon(parts)


def _features(data) -> list[dict]:
    if not isinstance(data, dict):
        raise AreaProblem("geojson")
    if data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
        return data["features"]
    if data.get("type") == "Feature":
        return [data]
    if data.get("type") in ("Polygon", "MultiPolygon", "Point", "LineString", "MultiPoint", "MultiLineString"):
        return [{"type": "Feature", "geometry": data, "properties": {}}]
    raise AreaProblem("geojson")


def _polygon(feature, number: int) -> tuple[dict, BaseGeometry]:
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise AreaProblem("geojson")
    kind = feature["geometry"].get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise AreaProblem("not_polygon", number, str(kind)[:20])
    try:
        geometry = shape(feature["geometry"])
    except Exception:  # shapely raises several types for malformed coordinates
        raise AreaProblem("coordinates", number) from None
    reason = "" if geometry.is_valid else explain_validity(geometry)
    if geometry.is_empty or reason.startswith("Too few points"):
        raise AreaProblem("empty", number)
    if reason:
        raise AreaProblem("invalid", number, reason[:80])
    if geometry.area == 0:
        raise AreaProblem("empty", number)
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not (in_france(min_lon, min_lat) and in_france(max_lon, max_lat)):
        raise AreaProblem("outside_france", number)
    properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    return properties, geometry


def parse(text: str, centre: tuple[float, float]) -> Drawing:
    """The perimeter and zones of a GeoJSON drawing. A feature whose ``kind`` is ``"zone"`` (or that
    has a ``name`` when several are given) is a zone; the others together are the perimeter.

    :raises AreaProblem: for anything a perimeter may not be.
    """
    try:
        data = json.loads(text or "")
    except (ValueError, RecursionError):
        raise AreaProblem("json") from None
    features = [_polygon(f, n) for n, f in enumerate(_features(data), start=1)]
    several = len(features) > 1
    zones, outline = [], []
    for properties, geometry in features:
        name = str(properties.get("name") or properties.get("nom") or "").strip()
        if properties.get("kind") == "zone" or (several and name and properties.get("kind") != "perimeter"):
            zones.append((name, geometry))
        else:
            outline.append(geometry)
    if not outline:
        raise AreaProblem("no_perimeter")
    perimeter = polygons_only(make_valid(unary_union(outline)))
    if area_km2(perimeter) > MAX_PERIMETER_KM2:
        raise AreaProblem("too_large", detail=f"{area_km2(perimeter):.0f}")
    centre_point = Point(centre)
    gap_m = perimeter.distance(centre_point) * M_PER_DEGREE
    if gap_m > MAX_FROM_CENTRE_M:
        raise AreaProblem("outside_town", detail=f"{gap_m / 1000:.1f}")
    seen = set()
    for name, geometry in zones:
        if not name:
            raise AreaProblem("zone_name")
        if name.lower() in seen:
            raise AreaProblem("zone_twice", detail=name[:80])
        seen.add(name.lower())
        if geometry.difference(perimeter).area > 0.02 * geometry.area:
            raise AreaProblem("zone_outside", detail=name[:80])
    return Drawing(perimeter, [(name[:80], polygons_only(geometry.intersection(perimeter))) for name, geometry in zones])
