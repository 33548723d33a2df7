"""All spatial code: column types, database set-up, indexed queries, GeoJSON and maps.

Domain packages import from here and never branch on the database dialect themselves.
"""

from bourse.geo import database, spatialite
from bourse.geo.types import SRID, MultiPolygonColumn, PointColumn, PolygonColumn, make_point, point_coords
from bourse.geo.database import among
from bourse.geo.queries import (BBox, area_around, covers_point, distance_metres, inside_area, nearest, reaches,
                                within_bbox, within_radius)

__all__ = [
    "database",
    "spatialite",
    "SRID",
    "BBox",
    "MultiPolygonColumn",
    "PointColumn",
    "PolygonColumn",
    "among",
    "area_around",
    "covers_point",
    "inside_area",
    "distance_metres",
    "make_point",
    "nearest",
    "point_coords",
    "reaches",
    "within_bbox",
    "within_radius",
]
