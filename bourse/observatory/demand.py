"""Unmet demand: what the entrepreneurs' project files look for in a town (trade, surface, budget)
against the vacant units on offer there. Always aggregated, and never a cell of fewer than five
projects: no project, visible or not, can be recognised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import case, func, select

from bourse import geo
from bourse.extensions import db
from bourse.geo import BBox, point_coords
from bourse.premises.models import Premises, PremisesStatus
from bourse.projects.models import Project, project_towns
from bourse.towns.models import Town

FEWEST_PER_CELL = 5
# Upper bounds of the bands (the last is open): sales surface in m², and the yearly rent budget in €.
AREA_BANDS = (30, 60, 100, 200)
BUDGET_BANDS = (6_000, 12_000, 24_000, 48_000)
WIDEST_SEARCH_KM = 200  # a project's search radius is at most this (projects' own bound)


@dataclass(frozen=True)
class Cell:
    sector: str
    area_band: int  # index into AREA_BANDS (len(AREA_BANDS): the open top band)
    budget_band: int
    projects: int
    offers: int  # vacant units on offer in the town that fit the band, the budget and the trade

    @property
    def unmet(self) -> bool:
        return self.offers < self.projects


@dataclass(frozen=True)
class Demand:
    projects: int  # every project wanting the town, before any cell is hidden
    naming_the_town: int  # of those, the projects that list the town among their places
    cells: list[Cell]  # cells of FEWEST_PER_CELL projects or more, the most wanted first
    hidden: int  # projects in cells too small to show
    offers: int  # vacant units listed in the town


def _band(values: np.ndarray, bounds) -> np.ndarray:
    return np.searchsorted(np.asarray(bounds, dtype=float), values, side="right")


def _banded(value, bounds):
    """The band of ``value`` as the database computes it: how many bounds are at or below it."""
    return case(*((value < bound, index) for index, bound in enumerate(bounds)), else_=len(bounds))


def _projects(town: Town) -> list[tuple[str, int, int, int, bool]]:
    """(sector, surface band, budget band, projects, naming the town) for every project wanting the town:
    listing it, or searching around a point whose radius reaches its centre. Counted by the database."""
    naming = select(project_towns.c.project_id).where(project_towns.c.town_id == town.id)
    area = _banded((Project.min_area_m2 + Project.max_area_m2) / 2, AREA_BANDS)
    budget = _banded(Project.max_rent_per_year, BUDGET_BANDS)
    columns = (Project.sector, area.label("area"), budget.label("budget"))
    listed = db.session.execute(select(*columns, func.count()).where(Project.id.in_(naming))
                                .group_by(Project.sector, area, budget)).all()
    lon, lat = point_coords(town.centre)
    reach = geo.reaches(Project.location, lon, lat, Project.radius_km * 1000)
    around = db.session.execute(
        select(*columns, func.count())
        .where(Project.radius_km.is_not(None), Project.id.not_in(naming), reach,
               geo.within_bbox(Project.location, Project.id, BBox.around(lon, lat, WIDEST_SEARCH_KM * 1000)))
        .group_by(Project.sector, area, budget)).all()
    return [(*row[:4], True) for row in listed] + [(*row[:4], False) for row in around]


def _offers(town: Town):
    return db.session.execute(select(Premises.sales_area_m2, Premises.rent_per_year, Premises.allowed_sectors,
                                     Premises.excluded_sectors)
                              .where(Premises.town_id == town.id,
                                     Premises.status == PremisesStatus.PUBLISHED.value)).all()


def unmet_demand(town: Town) -> Demand:
    groups = _projects(town)
    offers = _offers(town)
    offer_area = _band(np.array([float(o[0]) for o in offers], dtype=float), AREA_BANDS)
    offer_rent = np.array([float(o[1]) if o[1] is not None else np.nan for o in offers], dtype=float)
    counts: dict[tuple[str, int, int], int] = {}
    for sector, area, money, count, _naming in groups:  # a few dozen groups, whatever the number of projects
        counts[(sector, int(area), int(money))] = counts.get((sector, int(area), int(money)), 0) + count
    cells, hidden = [], 0
    for (sector, area, money), count in sorted(counts.items()):
        if count < FEWEST_PER_CELL:
            hidden += count
            continue
        ceiling = BUDGET_BANDS[money] if money < len(BUDGET_BANDS) else np.inf
        allowed = np.array([(not o[2] or sector in o[2]) and sector not in (o[3] or []) for o in offers], dtype=bool)
        fits = (offer_area == area) & allowed & ~(offer_rent > ceiling)
        cells.append(Cell(sector, area, money, count, int(fits.sum())))
    cells.sort(key=lambda c: (-(c.projects - c.offers), -c.projects, c.sector, c.area_band, c.budget_band))
    return Demand(sum(counts.values()), sum(g[3] for g in groups if g[4]), cells, hidden, len(offers))
