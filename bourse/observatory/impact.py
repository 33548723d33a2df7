"""The impact study: what a new shop of one trade would find around a point (or a unit), against
the town centre and the town, before anyone signs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from bourse import geo
from bourse.extensions import db
from bourse.geo import BBox
from bourse.geo.neighbours import haversine_m
from bourse.observatory.runs import COUNTED, OCCUPIED, VACANT
from bourse.observatory.scope import Scope
from bourse.observatory import trade_mix
from bourse.observatory.trade_mix import TRADE_MIX_RADIUS_M, Businesses
from bourse.register.models import Unit
from bourse.register.services import class_of
from bourse.towns.models import Town

RADII = (100, TRADE_MIX_RADIUS_M, 500)


@dataclass(frozen=True)
class Ring:
    metres: int
    same_sector: int
    same_class: int
    businesses: int
    units: int  # shop units of the register, occupied, vacant or under works
    vacant: int

    @property
    def share(self) -> float | None:
        return self.same_sector / self.businesses if self.businesses else None

    @property
    def vacancy(self) -> float | None:
        return self.vacant / self.units if self.units else None


@dataclass(frozen=True)
class Impact:
    town: Town
    lon: float
    lat: float
    sector: str
    obs_class: str | None
    rings: list[Ring]
    nearby: Businesses  # the same sector's and the same class's businesses within the widest ring
    share_in_perimeter: float | None  # the sector's share of the occupied units inside the perimeter
    share_in_town: float | None
    missing: bool  # the town lists the sector among the trades it lacks

    @property
    def share_around(self) -> float | None:
        return next(ring.share for ring in self.rings if ring.metres == TRADE_MIX_RADIUS_M)


def _share(sector: str, conditions) -> float | None:
    rows = dict(db.session.execute(select(Unit.sector, func.count()).where(
        Unit.state == OCCUPIED, *conditions).group_by(Unit.sector)).all())
    total = sum(rows.values())
    return rows.get(sector, 0) / total if total else None


def study(scope: Scope, lon: float, lat: float, sector: str, exclude_units=()) -> Impact:
    """Two queries around the point (businesses, then every unit for vacancy), two for the shares."""
    widest = max(RADII)
    box = BBox.around(lon, lat, widest)
    businesses = trade_mix.businesses_in(box, exclude_units=exclude_units)
    obs_class = class_of(sector)
    same_sector, same_class = businesses.sectors == sector, businesses.classes == obs_class
    states = db.session.execute(select(Unit.state, func.ST_X(Unit.location), func.ST_Y(Unit.location)).where(
        Unit.state.in_(COUNTED), geo.within_bbox(Unit.location, Unit.id, box))).all()
    unit_distance = haversine_m(lon, lat, np.array([r[1] for r in states], dtype=float),
                                np.array([r[2] for r in states], dtype=float))
    vacant = np.array([r[0] == VACANT for r in states], dtype=bool)
    point = (np.array([lon]), np.array([lat]))
    rings = [Ring(metres, int(businesses.only(same_sector).around(*point, metres)[0]),
                  int(businesses.only(same_class).around(*point, metres)[0]), int(businesses.around(*point, metres)[0]),
                  int((unit_distance <= metres).sum()), int((vacant & (unit_distance <= metres)).sum()))
             for metres in RADII]
    near = haversine_m(lon, lat, businesses.lon, businesses.lat) <= widest
    in_town = [Unit.town_id == scope.town.id]
    in_perimeter = in_town + [geo.inside_area(Unit.location, Unit.id, scope.area)] if scope.perimeter else None
    return Impact(scope.town, lon, lat, sector, obs_class, rings, businesses.only(near & (same_sector | same_class)),
                  _share(sector, in_perimeter) if in_perimeter else None, _share(sector, in_town),
                  sector in (scope.town.missing_sectors or []))
