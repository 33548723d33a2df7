"""Map points for a bounding box: every point when few, grid clusters when many."""

from __future__ import annotations

from sqlalchemy import func

from bourse.extensions import db
from bourse.geo import BBox
from bourse.premises import serializers
from bourse.search import filters as search
from bourse.premises.models import Premises

MAX_POINTS = 1500  # beyond this, the browser gets clusters instead of a flood of markers
GRID = 24  # cells across the box when clustering: at most 576 clusters


def features(filters: search.Filters, bbox: BBox) -> dict:
    """A GeoJSON FeatureCollection for the map, with ``clustered`` telling which kind."""
    filters.bbox = bbox
    where = search.conditions(filters)
    lon, lat = func.ST_X(Premises.location), func.ST_Y(Premises.location)
    # Count no further than the cap: a country-wide count would cost a full scan for nothing.
    capped = db.select(Premises.id).where(*where).limit(MAX_POINTS + 1).subquery()
    total = db.session.scalar(db.select(func.count()).select_from(capped))
    if total <= MAX_POINTS:
        rows = db.session.execute(
            db.select(Premises.id, lon, lat, Premises.sales_area_m2, Premises.rent_per_year,
                      search.open_slot_exists()).where(*where).order_by(Premises.id)
        ).all()
        items = [serializers.map_point(*row) for row in rows]
        return {"type": "FeatureCollection", "clustered": False, "total": total, "features": items}
    cell_x = (bbox.max_lon - bbox.min_lon) / GRID or 1e-6
    cell_y = (bbox.max_lat - bbox.min_lat) / GRID or 1e-6
    gx, gy = func.floor((lon - bbox.min_lon) / cell_x), func.floor((lat - bbox.min_lat) / cell_y)
    rows = db.session.execute(
        db.select(func.avg(lon), func.avg(lat), func.count()).where(*where).group_by(gx, gy)
    ).all()
    items = [serializers.cluster_point(float(x), float(y), int(n)) for x, y, n in rows]
    return {"type": "FeatureCollection", "clustered": True, "total": sum(int(n) for _x, _y, n in rows),
            "features": items}
