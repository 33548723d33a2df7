"""A small town-centre history, written out by hand, that the observatory's tests count.

Six units inside a 900 m square around Auray's centre; the figures each test expects are worked
out in the comments from these dates alone.
"""

from __future__ import annotations

import json
from datetime import date

from bourse.extensions import db
from bourse.geo import make_point
from bourse.register import perimeters
from bourse.register.models import Source, Unit, UnitState
from bourse.register.services import observe
from bourse.register.spells import month_index

SQUARE = [[-2.987, 47.664], [-2.975, 47.664], [-2.975, 47.672], [-2.987, 47.672], [-2.987, 47.664]]
# The second version leaves out the square's eastern strip, where unit E stands.
SMALLER = [[-2.987, 47.664], [-2.978, 47.664], [-2.978, 47.672], [-2.987, 47.672], [-2.987, 47.664]]
STREET = [[-2.984, 47.667], [-2.980, 47.667], [-2.980, 47.6685], [-2.984, 47.6685], [-2.984, 47.667]]
OUTSIDE = (-2.990, 47.660)  # in Auray, outside both versions

O, V, W, G = UnitState.OCCUPIED, UnitState.VACANT, UnitState.WORKS, UnitState.GONE
S, P = Source.SURVEY, Source.PLATFORM
TODAY = date(2026, 10, 31)
FIRST, LAST = month_index(date(2024, 1, 1)), month_index(date(2026, 10, 1))

HISTORY = {
    # let, empty, let again to another trade, empty again
    "A": ((-2.9815, 47.6675), [(date(2024, 1, 10), O, S, "food"), (date(2024, 6, 15), V, S, None),
                               (date(2025, 2, 20), O, P, "restaurant"), (date(2026, 3, 1), V, S, None)]),
    # 151 days empty in 2025, then 31 March to 31 October 2026 (215 days): 366 within the last 24 months
    "B": ((-2.9812, 47.6677), [(date(2025, 1, 1), V, S, None), (date(2025, 6, 1), O, S, "services"),
                               (date(2026, 3, 31), V, S, None)]),
    # the same a day shorter: 365 days, not long-term
    "B2": ((-2.9809, 47.6679), [(date(2025, 1, 1), V, S, None), (date(2025, 6, 1), O, S, "food"),
                                (date(2026, 4, 1), V, S, None)]),
    # empty since February 2024, seen empty again in October 2025: one run of 1,003 days
    "C": ((-2.9830, 47.6690), [(date(2024, 2, 1), V, S, None), (date(2025, 10, 1), V, S, None)]),
    # listed on Bourse, let through Bourse, then a survey finds it empty: the survey is later and wins
    "D": ((-2.9800, 47.6660), [(date(2025, 11, 1), V, P, None), (date(2026, 5, 1), O, P, "crafts"),
                               (date(2026, 9, 15), V, S, None)]),
    "E": ((-2.9760, 47.6710), [(date(2024, 1, 10), O, S, "health_beauty")]),
    # closed in September 2025: it stops being a shop unit and leaves the denominator
    "F": ((-2.9850, 47.6650), [(date(2024, 1, 10), O, S, "food"), (date(2025, 9, 1), G, S, None)]),
    # outside the perimeter: never counted
    "X": (OUTSIDE, [(date(2024, 1, 10), V, S, None)]),
}


def drawing(*rings, zone: list | None = None) -> str:
    features = [{"type": "Feature", "properties": {"kind": "perimeter"},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}} for ring in rings]
    if zone:
        features.append({"type": "Feature", "properties": {"kind": "zone", "name": "Rue du Lait"},
                         "geometry": {"type": "Polygon", "coordinates": [zone]}})
    return json.dumps({"type": "FeatureCollection", "features": features})


def build(town, manager, ring=SQUARE, zone=STREET) -> dict[str, Unit]:
    perimeters.validate(manager, town.id, drawing(ring, zone=zone))
    units = {}
    for name, ((lon, lat), observations) in HISTORY.items():
        unit = Unit(town_id=town.id, address=f"{len(units) + 1} rue du Lait", address_key="", name=name,
                    location=make_point(lon, lat))
        db.session.add(unit)
        db.session.flush()
        for on, state, source, sector in observations:
            observe(unit, state, source, on=on, sector=sector)
        units[name] = unit
    db.session.commit()
    return units
