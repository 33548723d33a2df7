"""Unmet demand: what the entrepreneurs' project files look for in a town (trade, surface, budget)
against the vacant units on offer there. Always aggregated, and never a cell of fewer than five
projects: no project, visible or not, can be recognised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from bourse import geo
from bourse.extensions import db
from bourse.geo import BBox, point_coords
from bourse.geo.neighbours import haversine_m
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


def _projects(town: Town) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(sector, wanted surface, yearly budget, names the town) of every project wanting the town: listing
    it, or searching around a point whose radius reaches its centre."""
    naming = select(project_towns.c.project_id).where(project_towns.c.town_id == town.id)
    listed = db.session.execute(select(Project.sector, Project.min_area_m2, Project.max_area_m2,
                                       Project.max_rent_per_year).where(Project.id.in_(naming))).all()
    lon, lat = point_coords(town.centre)
    around = db.session.execute(
        select(Project.sector, Project.min_area_m2, Project.max_area_m2, Project.max_rent_per_year,
               func.ST_X(Project.location), func.ST_Y(Project.location), Project.radius_km)
        .where(Project.radius_km.is_not(None), Project.id.not_in(naming),
               geo.within_bbox(Project.location, Project.id, BBox.around(lon, lat, WIDEST_SEARCH_KM * 1000)))).all()
    if around:
        reach = haversine_m(lon, lat, np.array([r[4] for r in around], float), np.array([r[5] for r in around], float))
        around = [row for row, metres in zip(around, reach) if metres <= float(row[6]) * 1000]
    rows = [tuple(r[:4]) + (True,) for r in listed] + [tuple(r[:4]) + (False,) for r in around]
    sectors = np.array([r[0] for r in rows], dtype=object)
    wanted = np.array([(float(r[1]) + float(r[2])) / 2 for r in rows], dtype=float)
    budget = np.array([float(r[3]) for r in rows], dtype=float)
    return sectors, wanted, budget, np.array([r[4] for r in rows], dtype=bool)


def _offers(town: Town):
    return db.session.execute(select(Premises.sales_area_m2, Premises.rent_per_year, Premises.allowed_sectors,
                                     Premises.excluded_sectors)
                              .where(Premises.town_id == town.id,
                                     Premises.status == PremisesStatus.PUBLISHED.value)).all()


def unmet_demand(town: Town) -> Demand:
    sectors, wanted, budget, naming = _projects(town)
    area_band, budget_band = _band(wanted, AREA_BANDS), _band(budget, BUDGET_BANDS)
    offers = _offers(town)
    offer_area = _band(np.array([float(o[0]) for o in offers], dtype=float), AREA_BANDS)
    offer_rent = np.array([float(o[1]) if o[1] is not None else np.nan for o in offers], dtype=float)
    cells, hidden = [], 0
    keys = sorted({(s, a, b) for s, a, b in zip(sectors, area_band.tolist(), budget_band.tolist())})
    for sector, area, money in keys:  # one per (trade, surface, budget) cell: a few dozen at most
        count = int(((sectors == sector) & (area_band == area) & (budget_band == money)).sum())
        if count < FEWEST_PER_CELL:
            hidden += count
            continue
        ceiling = BUDGET_BANDS[money] if money < len(BUDGET_BANDS) else np.inf
        allowed = np.array([(not o[2] or sector in o[2]) and sector not in (o[3] or []) for o in offers], dtype=bool)
        fits = (offer_area == area) & allowed & ~(offer_rent > ceiling)
        cells.append(Cell(sector, area, money, count, int(fits.sum())))
    cells.sort(key=lambda c: (-(c.projects - c.offers), -c.projects, c.sector, c.area_band, c.budget_band))
    return Demand(len(sectors), int(naming.sum()), cells, hidden, len(offers))
