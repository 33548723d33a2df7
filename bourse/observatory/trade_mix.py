"""The businesses around a place, by trade: the one implementation behind both the matching
engine's trade-mix criterion (same-sector shops within 300 m of a unit) and the observatory's
impact study (same sector and same class within 100, 300 and 500 m)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from bourse import geo
from bourse.extensions import db
from bourse.geo import BBox
from bourse.geo.neighbours import count_within
from bourse.register.models import Unit, UnitListing, UnitState

TRADE_MIX_RADIUS_M = 300


@dataclass(frozen=True)
class Businesses:
    """Occupied units of the register (surveys, Sirene and let listings alike), as arrays."""

    unit_ids: np.ndarray
    sectors: np.ndarray  # object: a sector code, or None when nobody recorded the trade
    classes: np.ndarray
    lon: np.ndarray
    lat: np.ndarray

    def __len__(self) -> int:
        return len(self.unit_ids)

    def only(self, mask: np.ndarray) -> "Businesses":
        return Businesses(self.unit_ids[mask], self.sectors[mask], self.classes[mask], self.lon[mask], self.lat[mask])

    def around(self, lon, lat, metres: float) -> np.ndarray:
        """For each point, how many of these businesses lie within ``metres``."""
        return count_within(lon, lat, self.lon, self.lat, metres)


def businesses_in(box: BBox, sectors=None, exclude_premises=(), exclude_units=()) -> Businesses:
    """The occupied units in ``box`` (of ``sectors`` only, if given), less the units of the premises
    ``exclude_premises`` and the units ``exclude_units`` (the place studied is not its own competitor)."""
    conditions = [Unit.state == UnitState.OCCUPIED.value, geo.within_bbox(Unit.location, Unit.id, box)]
    if sectors is not None:
        conditions.append(Unit.sector.in_(list(sectors)))
    if len(exclude_premises):
        conditions.append(Unit.id.not_in(select(UnitListing.unit_id)
                                         .where(UnitListing.premises_id.in_(list(exclude_premises)))))
    if len(exclude_units):
        conditions.append(Unit.id.not_in(list(exclude_units)))
    rows = db.session.execute(select(Unit.id, Unit.sector, Unit.obs_class, func.ST_X(Unit.location),
                                     func.ST_Y(Unit.location)).where(*conditions)).all()
    return Businesses(np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=object),
                      np.array([r[2] for r in rows], dtype=object), np.array([r[3] for r in rows], dtype=float),
                      np.array([r[4] for r in rows], dtype=float))


def box_around(lon: np.ndarray, lat: np.ndarray, metres: float) -> BBox:
    """The box holding every point within ``metres`` of any of these points."""
    corners = [BBox.around(float(lon.min()), float(lat.min()), metres), BBox.around(float(lon.max()), float(lat.max()), metres)]
    return BBox(corners[0].min_lon, corners[0].min_lat, corners[1].max_lon, corners[1].max_lat)


def same_sector_counts(sector: str, lon: np.ndarray, lat: np.ndarray, exclude_ids=(),
                       metres: float = TRADE_MIX_RADIUS_M) -> np.ndarray:
    """Businesses of ``sector`` within ``metres`` of each point."""
    if len(lon) == 0:
        return np.zeros(0, dtype=int)
    return businesses_in(box_around(lon, lat, metres), [sector], exclude_ids).around(lon, lat, metres)


def sector_counts_at(lon: float, lat: float, sectors: set[str], exclude_ids=(),
                     metres: float = TRADE_MIX_RADIUS_M) -> dict[str, int]:
    """``same_sector_counts`` at one point for several sectors at once: one query, not one per sector."""
    if not sectors:
        return {}
    point_lon, point_lat = np.array([lon]), np.array([lat])
    found = businesses_in(box_around(point_lon, point_lat, metres), sorted(sectors), exclude_ids)
    return {sector: int(found.only(found.sectors == sector).around(point_lon, point_lat, metres)[0])
            for sector in sectors}
