"""Auray's demo register: a validated perimeter with three zones, ten yearly field surveys of the
town centre's shop units, and the closures and lettings noted on the days they happened between
two surveys, so that the register and the observatory built on it mean something on ``make run``.
Repeatable: the same units and histories every time."""

from __future__ import annotations

import json
import math
import random
from datetime import date, timedelta

from sqlalchemy import func

from bourse.accounts.models import User
from bourse.demo.data import STREETS
from bourse.extensions import db
from bourse.geo.queries import nearest
from bourse.geo.france import distance_metres
from bourse.register import campaigns, perimeters
from bourse.register.models import Source, SurveyCampaign, Unit, UnitState
from bourse.register.services import observe
from bourse.towns.data import AURAY_CENTRE_PERIMETER
from bourse.towns.models import Town

SURVEYS = tuple(date(year, 10, 8 + year % 7) for year in range(2016, 2027))
# How common each trade is in a small town centre's shop units.
TRADES = (("personal_goods", 22), ("restaurant", 20), ("services", 16), ("health_beauty", 14), ("food", 12),
          ("home_culture", 11), ("crafts", 5))
ZONES = (("Place de la République", -2.98285, 47.66805), ("Rue du Château", -2.98055, 47.66745),
         ("Saint-Goustan", -2.97760, 47.66630))


def _zone(name: str, lon: float, lat: float) -> dict:
    ring = [[lon - 0.0006, lat - 0.0004], [lon + 0.0006, lat - 0.0004], [lon + 0.0006, lat + 0.0004],
            [lon - 0.0006, lat + 0.0004], [lon - 0.0006, lat - 0.0004]]
    return {"type": "Feature", "properties": {"kind": "zone", "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _units(rng: random.Random, taken: list[tuple[float, float]]) -> list[dict]:
    """The shop units along each street: an address, a point, and a first trade; none within 10 m
    of another, or of a listing's unit (``taken``), so each is a unit of its own."""
    sectors, weights = zip(*TRADES)
    units, points = [], list(taken)
    for index, (street, lon, lat) in enumerate(STREETS):
        count, angle = 10 + (index * 7) % 9, rng.uniform(0, math.pi)
        for k in range(count):
            metres = (k - count / 2) * 14  # shop fronts every 14 m along the street
            here = (lon + metres * math.cos(angle) / (111_320 * math.cos(math.radians(lat))),
                    lat + metres * math.sin(angle) / 111_320)
            if any(distance_metres(*here, *other) < 10 for other in points):
                continue
            points.append(here)
            units.append({"address": f"{2 * k + 1} {street}", "lon": here[0], "lat": here[1],
                          "sector": rng.choices(sectors, weights)[0], "state": "occupied"})
    return units


def _next_year(unit: dict, rng: random.Random) -> None:
    """A year in a unit's life: a shop closes now and then, an empty one is let again, some are refitted."""
    sectors, weights = zip(*TRADES)
    draw = rng.random()
    if unit["state"] == "occupied" and draw < 0.04:
        unit["state"] = "vacant"
    elif unit["state"] == "vacant" and draw < 0.30:
        unit["state"], unit["sector"] = "works", rng.choices(sectors, weights)[0]
    elif unit["state"] == "works":
        unit["state"] = "occupied"
    elif unit["state"] == "occupied" and draw > 0.96:
        unit["sector"] = rng.choices(sectors, weights)[0]  # a new business in the same unit


def _survey_csv(units: list[dict], day: date) -> bytes:
    lines = ["address,lat,lon,state,sector,date"]
    for unit in units:
        sector = unit["sector"] if unit["state"] == "occupied" else ""
        lines.append(f"{unit['address']},{unit['lat']:.6f},{unit['lon']:.6f},{unit['state']},{sector},{day.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


def seed_register(manager: User, auray: Town, progress) -> int:
    """The perimeter and the four surveys, unless Auray already has surveys; returns the campaigns added."""
    if db.session.scalar(db.select(SurveyCampaign.id).where(SurveyCampaign.town_id == auray.id).limit(1)):
        return 0
    if perimeters.current(auray.id) is None:
        features = [{"type": "Feature", "properties": {"kind": "perimeter"}, "geometry": AURAY_CENTRE_PERIMETER}]
        perimeters.validate(manager, auray.id, json.dumps(
            {"type": "FeatureCollection", "features": features + [_zone(*zone) for zone in ZONES]}))
        progress("perimeter of Auray's centre validated, with three zones")
    rng = random.Random(56007)  # nosec B311: repeatable demo data, nothing secret
    listed = db.session.execute(db.select(func.ST_X(Unit.location), func.ST_Y(Unit.location))
                                .where(Unit.town_id == auray.id)).all()
    units = _units(rng, [(float(x), float(y)) for x, y in listed])
    ids: dict[str, Unit] = {}

    def unit_of(row: dict) -> Unit:
        """The register's unit the survey matched this row to (a listing's unit may carry its own address)."""
        if row["address"] not in ids:
            found = nearest(db.select(Unit).where(Unit.town_id == auray.id), Unit.location, Unit.id, row["lon"],
                            row["lat"], 1, radii=(60,))
            ids[row["address"]] = found[0][0]
        return ids[row["address"]]

    for year, day in enumerate(SURVEYS):
        changed = []
        if year:
            for unit in units:
                before = (unit["state"], unit["sector"])
                _next_year(unit, rng)
                if (unit["state"], unit["sector"]) != before:
                    changed.append(unit)
        report = campaigns.import_survey(auray, _survey_csv(units, day), f"Relevé d'octobre {day.year}", day,
                                         actor_id=manager.id, filename=f"releve-{day.year}.csv")
        if not report.imported:
            raise RuntimeError(f"demo survey {day.year} refused: {report.problems[:3]} {report.file_problem}")
        for unit in changed:  # noted on the day it happened, as a manager walking past would
            when = SURVEYS[year - 1] + timedelta(days=rng.randint(15, 350))
            observe(unit_of(unit), UnitState(unit["state"]), Source.SURVEY, on=when,
                    sector=unit["sector"] if unit["state"] == "occupied" else None)
        progress(f"survey of {day.isoformat()}: {report.observations} units, {report.created} new, "
                 f"{len(changed)} changes dated between surveys")
    return len(SURVEYS)
