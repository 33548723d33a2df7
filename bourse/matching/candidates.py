"""The database's half of matching: narrow the candidates with indexes, return plain arrays.

Only rows that could score above zero leave the database: published units in the wanted
places (spatial index or town), within 50 % of the surface range and of the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import Float, Select, and_, case, cast, exists, false, func, literal, or_, select, union

from bourse import geo
from bourse.extensions import db
from bourse.geo import BBox
from bourse.geo.neighbours import haversine_m
from bourse.matching.criteria import TOLERANCE
from bourse.matching.engine import Offers, Wants
from bourse.premises.models import Premises, PremisesStatus
from bourse.premises.rules import sector_allowed
from bourse.programmes.queries import call_is_open
from bourse.programmes.models import Call, Slot
from bourse.projects.models import Project, project_towns
from bourse.observatory.trade_mix import (  # noqa: F401 (TRADE_MIX_RADIUS_M: the criterion's radius)
    TRADE_MIX_RADIUS_M, same_sector_counts, sector_counts_at,
)
from bourse.towns.models import Town

MAX_PROJECT_RADIUS_M = 200_000


def _days(values) -> np.ndarray:
    return np.array([v.toordinal() if v is not None else np.nan for v in values], dtype=float)


def _floats(values) -> np.ndarray:
    """Floats (None: NaN) from floats or Decimals; floats go straight to NumPy."""
    values = list(values)
    if all(v is None or type(v) is float for v in values):
        return np.array(values, dtype=float)
    return np.array([float(v) if v is not None else np.nan for v in values], dtype=float)


@dataclass
class UnitCandidates:
    """Units (plain premises, or slots of open calls) that may suit one project."""

    premises_ids: np.ndarray
    slot_ids: np.ndarray  # -1 for plain premises
    town_ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    offers: Offers
    plain: int = 0  # of these, plain premises (the rest are slots)
    last_bound: float = np.inf  # the bound of the last plain row read: no unread row scores above it

    def __len__(self) -> int:
        return len(self.premises_ids)


def wants_of(project: Project) -> Wants:
    return Wants(
        min_area=float(project.min_area_m2), max_area=float(project.max_area_m2),
        max_rent=float(project.max_rent_per_year),
        radius_m=float(project.radius_km) * 1000 if project.radius_km is not None and project.location is not None
        else np.nan,
        need_extraction=project.need_extraction, need_step_free=project.need_step_free,
        need_frontage=project.need_frontage,
        min_frontage=float(project.min_frontage_m) if project.min_frontage_m is not None else np.nan,
    )


def _place_condition(project: Project, point, indexed: bool = True):
    """The project's towns or radius; not ``indexed``: the radius tested on each row (a kept list's
    few units), rather than fetch every unit of the radius through the spatial index."""
    conditions = []
    if project.towns:
        conditions.append(Premises.town_id.in_([t.id for t in project.towns]))
    if point is not None and project.radius_km is not None:
        conditions.append(geo.within_radius(Premises.location, Premises.id, point[0], point[1],
                                            float(project.radius_km) * 1000, indexed=indexed))
    return or_(*conditions) if conditions else false()


def _hard_failures(project: Project) -> dict[str, object]:
    """SQL, per hard constraint: true where a unit fails it (the engine's ``failed``, in the database)."""
    failures = {"use_clause": ~sector_allowed(project.sector)}
    if project.need_extraction == "must":
        failures["extraction"] = ~Premises.has_extraction
    if project.need_step_free == "must":
        failures["step_free"] = ~Premises.step_free_access
    if project.need_frontage == "must" and project.min_frontage_m is not None:
        failures["frontage"] = or_(Premises.frontage_m.is_(None), Premises.frontage_m < project.min_frontage_m)
    return failures


def _coarse(project: Project, indexed: bool = True) -> list:
    """What a unit must pass to be considered at all: the place, and within 50 % of surface and budget."""
    point = geo.point_coords(project.location)
    low, high = float(project.min_area_m2), float(project.max_area_m2)
    return [_place_condition(project, point, indexed),
            Premises.sales_area_m2 >= low * (1 - TOLERANCE), Premises.sales_area_m2 <= high * (1 + TOLERANCE)]


def _plain_coarse(project: Project, indexed: bool = True) -> list:
    budget = float(project.max_rent_per_year)
    return [Premises.status == PremisesStatus.PUBLISHED.value, *_coarse(project, indexed),
            or_(Premises.rent_per_year.is_(None), Premises.rent_per_year <= budget * (1 + TOLERANCE))]


def plain_counts(project: Project) -> tuple[int, dict[str, int]]:
    """How many published premises pass the coarse filters, and how many of them each hard
    constraint removes: counted by the database in one pass, no row leaving it."""
    failures = _hard_failures(project)
    row = db.session.execute(select(func.count(), *(func.coalesce(func.sum(case((f, 1), else_=0)), 0)
                                                    for f in failures.values())).where(*_plain_coarse(project))).one()
    return int(row[0]), {name: int(n) for name, n in zip(failures, row[1:]) if n}


def score_bound(project: Project, shares: dict[str, float]) -> object:
    """SQL: an upper bound of a plain unit's total score. Surface and budget are scored exactly
    (``criteria.surface_fit``/``budget_fit``: the coarse filters keep both in [0, 1]), and so are
    the nice-to-have needs (``engine.score``'s mean of the needs marked "nice"); the other criteria
    count as full marks. ``shares``: each criterion's largest share of the weights among
    the towns a unit may be in, so that the bound holds whatever the unit's town."""
    area, rent = cast(Premises.sales_area_m2, Float), cast(Premises.rent_per_year, Float)
    low, high, budget = float(project.min_area_m2), float(project.max_area_m2), float(project.max_rent_per_year)
    surface = case((area < low, 1 - (low - area) / (TOLERANCE * low)),
                   (area > high, (1 - (area - high) / (TOLERANCE * high)) if high > 0 else literal(0.0)), else_=1.0)
    budget_fit = case((rent.is_(None), 0.5), (rent <= budget, 1.0),
                      else_=(1 - (rent - budget) / (TOLERANCE * budget)) if budget > 0 else literal(0.0))
    nice = [has for has, level in ((Premises.has_extraction, project.need_extraction),
                                   (Premises.step_free_access, project.need_step_free)) if level == "nice"]
    if project.need_frontage == "nice" and project.min_frontage_m is not None:
        nice.append(Premises.frontage_m >= project.min_frontage_m)  # unknown frontage: not met
    needs = sum(case((has, 1.0), else_=0.0) for has in nice) / len(nice) if nice else literal(1.0)
    rest = sum(share for name, share in shares.items() if name not in ("surface", "budget", "needs"))
    return 100.0 * (shares["surface"] * surface + shares["budget"] * budget_fit + shares["needs"] * needs + rest)


def units_for_project(project: Project, today: date, premises_id: int | None = None, *,
                      best: int | None = None, shares: dict[str, float] | None = None,
                      among: list[int] | None = None, with_slots: bool = True) -> UnitCandidates:
    """Published premises and open slots that pass the database's coarse filters for ``project``.

    With ``best`` (and the weights' ``shares``), only the ``best`` plain premises by ``score_bound``
    that pass every hard constraint, and every open slot: the database sorts, few rows leave it.
    With ``among`` (a kept list's units), only those plain premises, when they pass every hard
    constraint. Without ``with_slots``, plain premises only.
    With ``premises_id``, only that unit as plain premises, whatever its status (the caller has
    checked who may see it): used to explain one unit's fit, or to alert about a new call.
    """
    point = geo.point_coords(project.location)
    budget = float(project.max_rent_per_year)
    columns = [Premises.id, Premises.town_id, func.ST_X(Premises.location), func.ST_Y(Premises.location),
               Premises.sales_area_m2, Premises.has_extraction, Premises.step_free_access, Premises.frontage_m,
               ~sector_allowed(project.sector)]
    bound = score_bound(project, shares) if best is not None else literal(0.0)
    query = select(*columns, literal(-1), Premises.rent_per_year, Premises.available_from, bound)
    if premises_id is not None:
        query = query.where(Premises.id == premises_id, *_coarse(project, indexed=False), or_(
            Premises.rent_per_year.is_(None), Premises.rent_per_year <= budget * (1 + TOLERANCE)))
    else:
        query = query.where(*_plain_coarse(project, indexed=among is None))
    if among is not None:
        query = query.where(Premises.id.in_(among))
    if among is not None or best is not None:  # the failures are counted apart (``plain_counts``)
        query = query.where(*(~failure for failure in _hard_failures(project).values()))
    if best is not None:
        query = query.order_by(bound.desc(), Premises.id).limit(best)
    plain = db.session.execute(query).all()
    last_bound = float(plain[-1][12]) if best is not None and len(plain) == best else -np.inf
    plain = [row[:12] for row in plain]
    # The open slots are few: their units are listed first and each tested for the place on its
    # row (SQLite would otherwise start from every unit of the towns or the radius, slot or not).
    open_slots = (select(Slot.premises_id).join(Call, Call.id == Slot.call_id)
                  .where(call_is_open(), Slot.starts_on >= today))
    slots = [] if premises_id is not None or not with_slots else db.session.execute(
        select(*columns, Slot.id, Slot.rent_per_month * 12, Slot.starts_on)
        .join(Slot, Slot.premises_id == Premises.id).join(Call, Call.id == Slot.call_id)
        .where(Premises.id.in_(open_slots), call_is_open(), Slot.starts_on >= today,
               *_coarse(project, indexed=False), Slot.rent_per_month * 12 <= budget * (1 + TOLERANCE))
    ).all()
    rows = plain + slots
    cols = list(zip(*rows)) if rows else [()] * 12
    ids, town_ids = np.array(cols[0], dtype=int), np.array(cols[1], dtype=int)
    lon, lat = _floats(cols[2]), _floats(cols[3])
    start = project.earliest_start.toordinal() if project.earliest_start else np.nan
    towns = {t.id for t in project.towns}
    missing = {t.id for t in db.session.scalars(select(Town).where(Town.id.in_(set(town_ids.tolist()))))
               if project.sector in (t.missing_sectors or [])}
    offers = Offers(
        area=_floats(cols[4]), rent=_floats(cols[10]),
        distance_m=haversine_m(point[0], point[1], lon, lat) if point else np.full(len(rows), np.nan),
        in_wanted_town=np.isin(town_ids, list(towns)), days_late=_days(cols[11]) - start,
        extraction=np.array(cols[5], dtype=bool), step_free=np.array(cols[6], dtype=bool),
        frontage=_floats(cols[7]), use_excluded=np.array(cols[8], dtype=bool),
        same_sector_nearby=same_sector_counts(project.sector, lon, lat),
        sector_missing=np.isin(town_ids, list(missing)),
    )
    return UnitCandidates(ids, np.array(cols[9], dtype=int), town_ids, lon, lat, offers, len(plain), last_bound)


@dataclass
class ProjectCandidates:
    """Visible projects that may suit one unit."""

    project_ids: np.ndarray
    wants: Wants
    offers: Offers

    def __len__(self) -> int:
        return len(self.project_ids)


def projects_for_unit(premises: Premises, rent_per_year: float | None, available: date | None,
                      among: Select | None = None, only: list[int] | None = None) -> ProjectCandidates:
    """Visible projects that pass the database's coarse filters for this unit (or one of its slots).

    With ``among`` (a select of project ids), those projects instead, visible or not: the projects
    whose owners asked to be alerted. With ``only`` (a kept list's projects), only those of the
    visible projects: each checked on its own row rather than by reading every project of the town.
    """
    lon, lat = geo.point_coords(premises.location)
    area = float(premises.sales_area_m2)
    wanting = select(project_towns.c.project_id).where(project_towns.c.town_id == premises.town_id)
    # Among thousands, the town's projects listed once; for a kept list's few, a look-up per row.
    wants_town = Project.id.in_(wanting) if only is None else exists().where(
        project_towns.c.project_id == Project.id, project_towns.c.town_id == premises.town_id)
    # Nearby: a project whose own radius reaches the unit, as the project's side reads it
    # (``_place_condition``), so both directions find the same pairs; 2 % more for the plane's error.
    def reaching(indexed: bool):
        return (geo.within_bbox(Project.location, Project.id, BBox.around(lon, lat, MAX_PROJECT_RADIUS_M), indexed),
                geo.reaches(Project.location, lon, lat, cast(Project.radius_km, Float) * 1020))
    if only is None:
        # "wants this town OR has a point nearby" as a UNION of two indexed lookups: an OR of the
        # two would make the planner read every project.
        either = Project.id.in_(union(wanting, select(Project.id).where(*reaching(True))))
    else:  # a few rows: test each, rather than list the town's thousands of projects
        either = and_(Project.id.in_(only), or_(wants_town, and_(*reaching(False))))
    query = (
        # Decimals read as floats by the database: thousands of rows, each converted in Python, cost
        # more than the query's own work.
        select(Project.id, *(cast(c, Float) for c in (Project.min_area_m2, Project.max_area_m2,
                                                      Project.max_rent_per_year, Project.radius_km)),
               func.ST_X(Project.location), func.ST_Y(Project.location),
               Project.need_extraction, Project.need_step_free, Project.need_frontage,
               cast(Project.min_frontage_m, Float),
               Project.earliest_start, Project.sector, wants_town)
        .where(Project.visible.is_(True) if among is None else Project.id.in_(among), either,
               Project.min_area_m2 <= area / (1 - TOLERANCE), Project.max_area_m2 >= area / (1 + TOLERANCE))
    )
    if rent_per_year is not None:
        query = query.where(Project.max_rent_per_year >= rent_per_year / (1 + TOLERANCE))
    rows = db.session.execute(query).all()
    cols = list(zip(*rows)) if rows else [()] * 14
    radius = _floats(cols[4]) * 1000
    plon, plat = _floats(cols[5]), _floats(cols[6])
    sectors = np.array(cols[12], dtype=object)
    counts = sector_counts_at(lon, lat, set(cols[12]), exclude_ids=[premises.id])
    allowed, excluded = set(premises.allowed_sectors or []), set(premises.excluded_sectors or [])
    ruled_out = {s for s in set(cols[12]) if s in excluded or (allowed and s not in allowed)}
    wants = Wants(min_area=_floats(cols[1]), max_area=_floats(cols[2]), max_rent=_floats(cols[3]),
                  radius_m=np.where(np.isnan(plon), np.nan, radius),
                  need_extraction=np.array(cols[7], dtype=object), need_step_free=np.array(cols[8], dtype=object),
                  need_frontage=np.array(cols[9], dtype=object), min_frontage=_floats(cols[10]))
    offers = Offers(
        area=area, rent=np.nan if rent_per_year is None else rent_per_year,
        distance_m=haversine_m(plon, plat, lon, lat), in_wanted_town=np.array(cols[13], dtype=bool),
        days_late=(available.toordinal() if available else np.nan) - _days(cols[11]),
        extraction=premises.has_extraction, step_free=premises.step_free_access,
        frontage=float(premises.frontage_m) if premises.frontage_m is not None else np.nan,
        use_excluded=np.isin(sectors, list(ruled_out)),
        same_sector_nearby=np.array([counts[s] for s in cols[12]], dtype=float),
        sector_missing=np.isin(sectors, list(premises.town.missing_sectors or [])),
    )
    return ProjectCandidates(np.array(cols[0], dtype=int), wants, offers)
