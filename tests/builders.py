"""Data builders shared by tests."""

from __future__ import annotations

import random
from decimal import Decimal

from bourse.extensions import db
from bourse.geo import make_point
from bourse.premises.models import Premises, PremisesStatus
from bourse.towns.models import Town


def make_town(insee_code: str = "56007", name: str = "Auray", lon: float = -2.981, lat: float = 47.668) -> Town:
    town = Town(name=name, insee_code=insee_code, department_code=insee_code[:2],
                department_name="Morbihan", centre=make_point(lon, lat))
    db.session.add(town)
    db.session.flush()
    return town


def make_premises(owner, town, lon: float, lat: float, **overrides) -> Premises:
    n = overrides.pop("n", None) or random.randrange(10**9)
    values = dict(
        reference=f"T-{n}", owner=owner, town=town, title=f"Local {n}", address=f"{n} rue du Test",
        location=make_point(lon, lat), sales_area_m2=Decimal(40), status=PremisesStatus.PUBLISHED.value,
    )
    values.update(overrides)
    premises = Premises(**values)
    db.session.add(premises)
    return premises
