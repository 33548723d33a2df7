"""Reading the register: a town's units filtered by state, class, duration and zone, a page of the
list or the points of a map box, read from the units' own current state (one indexed table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func

from bourse import geo
from bourse.extensions import db
from bourse.geo.types import to_geometry
from bourse.register.models import Observation, Perimeter, Unit, UnitListing, Zone
from bourse.timeutil import utcnow

PAGE_SIZE = 50
MAP_LIMIT = 1200  # points in one map answer (more than a phone shows apart): beyond, grid cells with counts
GRID = 16  # cells across the box when there are more: at most 256 cells
DURATIONS = {"lt3": (0, 3), "3to12": (3, 12), "gt12": (12, None), "gt24": (24, None)}  # months in the state


@dataclass(frozen=True)
class UnitNow:
    unit: Unit
    state: str | None
    since: date | None
    source: str | None
    sector: str | None
    listed: bool


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    obs_class: str | None = None
    duration: str | None = None
    zone_id: int | None = None  # a zone of the town's perimeter; 0: inside the perimeter itself

    def query_args(self) -> dict:
        return {k: v for k, v in (("etat", self.state), ("classe", self.obs_class), ("duree", self.duration),
                                  ("zone", self.zone_id)) if v is not None}


def _months_ago(months: int, today: date) -> date:
    return today - timedelta(days=round(months * 30.44))


def _where(town_id: int, filters: Filters, today: date | None = None) -> list:
    today = today or utcnow().date()
    conditions = [Unit.town_id == town_id]
    if filters.state == "unknown":
        conditions.append(Unit.state.is_(None))
    elif filters.state:
        conditions.append(Unit.state == filters.state)
    if filters.obs_class:
        conditions.append(Unit.obs_class == filters.obs_class)
    if filters.duration in DURATIONS:
        low, high = DURATIONS[filters.duration]
        conditions.append(Unit.state_since <= _months_ago(low, today))
        if high is not None:
            conditions.append(Unit.state_since > _months_ago(high, today))
    area = _area(town_id, filters.zone_id)
    if area is not None:
        conditions.append(geo.inside_area(Unit.location, Unit.id, area))
    return conditions


def _area(town_id: int, zone_id: int | None):
    if zone_id is None:
        return None
    if zone_id == 0:
        perimeter = db.session.scalar(db.select(Perimeter.area).where(Perimeter.town_id == town_id)
                                      .order_by(Perimeter.version.desc()).limit(1))
        return to_geometry(perimeter) if perimeter is not None else None
    zone = db.session.scalar(db.select(Zone.area).join(Perimeter, Perimeter.id == Zone.perimeter_id)
                             .where(Zone.id == zone_id, Perimeter.town_id == town_id))
    return to_geometry(zone) if zone is not None else None


def page(town_id: int, filters: Filters, number: int = 1) -> tuple[list[UnitNow], int]:
    """One page of the town's units (by address) and how many match in all."""
    conditions = _where(town_id, filters)
    total = db.session.scalar(db.select(func.count(Unit.id)).where(*conditions)) or 0
    listed = db.select(UnitListing.unit_id).where(UnitListing.unit_id == Unit.id).exists()
    rows = db.session.execute(db.select(Unit, listed).where(*conditions).order_by(Unit.address_key, Unit.id)
                              .limit(PAGE_SIZE).offset((max(1, number) - 1) * PAGE_SIZE))
    return [UnitNow(unit, unit.state, unit.state_since, unit.state_source, unit.sector, bool(is_listed))
            for unit, is_listed in rows], total


def state_counts(town_id: int) -> dict[str | None, int]:
    rows = db.session.execute(db.select(Unit.state, func.count(Unit.id)).where(Unit.town_id == town_id)
                              .group_by(Unit.state))
    return {state: count for state, count in rows}


def points(town_id: int, filters: Filters, box: geo.BBox) -> tuple[bool, list[tuple]]:
    """``(False, [(id, lon, lat, state, label)])`` for the matching units in ``box``, or, when there
    are more than ``MAP_LIMIT``, ``(True, [(lon, lat, units, vacant)])``: one row per grid cell."""
    where = [*_where(town_id, filters), geo.within_bbox(Unit.location, Unit.id, box)]
    # Count no further than the cap: a dense box costs the cap, not all its units.
    capped = db.select(Unit.id).where(*where).limit(MAP_LIMIT + 1).subquery()
    lon, lat = func.ST_X(Unit.location), func.ST_Y(Unit.location)
    if (db.session.scalar(db.select(func.count()).select_from(capped)) or 0) <= MAP_LIMIT:
        return False, db.session.connection().execute(
            db.select(Unit.id, lon, lat, Unit.state, func.coalesce(Unit.name, Unit.address, ""))
            .where(*where).order_by(Unit.id)).all()
    cell_x = (box.max_lon - box.min_lon) / GRID or 1e-6
    cell_y = (box.max_lat - box.min_lat) / GRID or 1e-6
    gx, gy = func.floor((lon - box.min_lon) / cell_x), func.floor((lat - box.min_lat) / cell_y)
    vacant = func.sum(case((Unit.state == "vacant", 1), else_=0))
    return True, db.session.connection().execute(
        db.select(func.avg(lon), func.avg(lat), func.count(), vacant).where(*where).group_by(gx, gy)).all()


def extent(town_id: int) -> geo.BBox | None:
    """The box around the town's units, or None when it has none."""
    row = db.session.execute(db.select(func.min(func.ST_X(Unit.location)), func.min(func.ST_Y(Unit.location)),
                                       func.max(func.ST_X(Unit.location)), func.max(func.ST_Y(Unit.location)))
                             .where(Unit.town_id == town_id)).one()
    return None if row[0] is None else geo.BBox(*row)


def zones_of(town_id: int) -> list[Zone]:
    """The zones of the perimeter in force."""
    latest = (db.select(Perimeter.id).where(Perimeter.town_id == town_id).order_by(Perimeter.version.desc())
              .limit(1).scalar_subquery())
    return list(db.session.scalars(db.select(Zone).where(Zone.perimeter_id == latest).order_by(Zone.name)))


def history(unit: Unit) -> list[Observation]:
    return list(db.session.scalars(db.select(Observation).where(Observation.unit_id == unit.id)
                                   .order_by(Observation.observed_on.desc(), Observation.id.desc())))
