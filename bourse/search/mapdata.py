"""Map points for a bounding box: every point when few, clusters on a fixed grid when many.

Boxes are snapped outward to the cells of their level (``bourse.geo.cells``), so the answer
depends on the cells, not on the exact pixels of the request. Without filters beyond the box,
country and region views read the per-cell counts the triggers keep (``premises_map_cells``):
their cost follows the cells on screen, not the premises in the database.
"""

from __future__ import annotations

from sqlalchemy import Integer, cast, func

from bourse.extensions import db
from bourse.geo import BBox, cells
from bourse.premises import serializers
from bourse.premises.models import Premises
from bourse.search import filters as search
from bourse.search import map_cells

MAX_POINTS = 1500  # beyond this, the browser gets clusters instead of a flood of markers


def features(filters: search.Filters, bbox: BBox) -> dict:
    """A GeoJSON FeatureCollection for the map, with ``clustered`` telling which kind."""
    grid = cells.CellRange.covering(bbox)
    filters.bbox = grid.box
    if search.only_the_box(filters):
        stored = map_cells.counted(grid)
        total = sum(n for _x, _y, n in stored)
        if total > MAX_POINTS:
            return _collection([serializers.cluster_point(x, y, n) for x, y, n in stored], total, clustered=True)
        return _points(search.conditions(filters))  # at most MAX_POINTS rows, the cells said so
    where = search.conditions(filters)
    # Count no further than the cap: a country-wide count would cost a full scan for nothing.
    capped = db.select(Premises.id).where(*where).limit(MAX_POINTS + 1).subquery()
    if db.session.scalar(db.select(func.count()).select_from(capped)) <= MAX_POINTS:
        return _points(where)
    live = _live_cells(where, grid.level)
    return _collection([serializers.cluster_point(x, y, n) for x, y, n in live], sum(n for *_xy, n in live),
                       clustered=True)


def _collection(items: list[dict], total: int, clustered: bool) -> dict:
    return {"type": "FeatureCollection", "clustered": clustered, "total": total, "features": items}


def _points(where: list) -> dict:
    rows = db.session.execute(
        db.select(Premises.id, func.ST_X(Premises.location), func.ST_Y(Premises.location), Premises.sales_area_m2,
                  Premises.rent_per_year, search.open_slot_exists()).where(*where).order_by(Premises.id)
    ).all()
    return _collection([serializers.map_point(*row) for row in rows], len(rows), clustered=False)


def _live_cells(where: list, level: int) -> list[tuple[float, float, int]]:
    """The same grid counted from the rows themselves: for filtered maps and street-level boxes."""
    lon, lat = func.ST_X(Premises.location), func.ST_Y(Premises.location)
    step = cells.size(level)
    cx, cy = cast(func.floor(lon / step), Integer), cast(func.floor(lat / step), Integer)
    rows = db.session.execute(
        db.select(func.avg(lon), func.avg(lat), func.count()).where(*where).group_by(cx, cy).order_by(cx, cy)
    ).all()
    return [(float(x), float(y), int(n)) for x, y, n in rows]
