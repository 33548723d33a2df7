"""Map points for a bounding box: every point when few, clusters on a fixed grid when many.

Boxes are snapped outward to the cells of their level (``bourse.geo.cells``), so the answer
depends on the cells, not on the exact pixels of the request. Without filters beyond the box,
country and region views read the per-cell counts the triggers keep (``premises_map_cells``):
their cost follows the cells on screen, not the premises in the database.
"""

from __future__ import annotations

import json

from sqlalchemy import Integer, case, cast, func

from bourse.extensions import db
from bourse.geo import BBox, cells
from bourse.geo.geojson import point_features_sql
from bourse.premises import serializers
from bourse.premises.models import Premises
from bourse.search import filters as search
from bourse.programmes.queries import open_slot_premises
from bourse.search import map_cells

MAX_POINTS = 1500  # beyond this, the browser gets clusters instead of a flood of markers


def features(filters: search.Filters, bbox: BBox) -> str:
    """A GeoJSON FeatureCollection for the map, as JSON text, with ``clustered`` telling which kind."""
    grid = cells.CellRange.covering(bbox)
    filters.bbox = grid.box
    if search.only_the_box(filters):
        stored = map_cells.counted(grid)
        total = sum(n for _x, _y, n in stored)
        if total > MAX_POINTS:
            return _clusters(stored)
        return _points(search.conditions(filters))  # at most MAX_POINTS rows, the cells said so
    where = search.conditions(filters)
    # Count no further than the cap: a country-wide count would cost a full scan for nothing.
    capped = db.select(Premises.id).where(*where).limit(MAX_POINTS + 1).subquery()
    if db.session.scalar(db.select(func.count()).select_from(capped)) <= MAX_POINTS:
        return _points(where)
    return _clusters(_live_cells(where, grid.level))


def _clusters(counted: list[tuple[float, float, int]]) -> str:
    items = json.dumps([serializers.cluster_point(x, y, n) for x, y, n in counted], separators=(",", ":"))
    return _collection(items, sum(n for *_xy, n in counted), clustered=True)


def _collection(features_json: str, total: int, clustered: bool) -> str:
    return (f'{{"type":"FeatureCollection","clustered":{"true" if clustered else "false"},"total":{int(total)},'
            f'"features":{features_json}}}')


def _points(where: list) -> str:
    """Every unit as a marker, only what a marker needs (the popup fetches the rest), written
    by the database: a town centre's thousand markers cost no Python object each."""
    features = point_features_sql(func.ST_X(Premises.location), func.ST_Y(Premises.location), {
        "id": Premises.id, "a": Premises.sales_area_m2, "r": Premises.rent_per_year,
        "tb": case((Premises.id.in_(open_slot_premises()), 1))}, order_by=[Premises.id])
    row = db.session.execute(db.select(func.count(), features).where(*where)).one()
    return _collection(row[1] or "[]", row[0], clustered=False)


def _live_cells(where: list, level: int) -> list[tuple[float, float, int]]:
    """The same grid counted from the rows themselves: for filtered maps and street-level boxes."""
    lon, lat = func.ST_X(Premises.location), func.ST_Y(Premises.location)
    step = cells.size(level)
    cx, cy = cast(func.floor(lon / step), Integer), cast(func.floor(lat / step), Integer)
    rows = db.session.execute(
        db.select(func.avg(lon), func.avg(lat), func.count()).where(*where).group_by(cx, cy).order_by(cx, cy)
    ).all()
    return [(float(x), float(y), int(n)) for x, y, n in rows]
