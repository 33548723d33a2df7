"""The trade mix: occupied units by observatory class and by sector, now and in the town's past."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from bourse.extensions import db
from bourse.observatory.runs import OCCUPIED, covering, in_scope
from bourse.observatory.scope import Scope
from bourse.register.models import Spell

# The dates the mix is compared with: a year and five years before the reference day.
LOOK_BACK_YEARS = (1, 5)


@dataclass(frozen=True)
class Mix:
    day: date
    by_class: dict[str, int]  # "unknown" for occupied units whose trade nobody recorded
    by_sector: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_class.values())


def mix_on(scope: Scope, day: date) -> Mix:
    rows = db.session.execute(select(Spell.obs_class, Spell.sector, func.count()).where(
        in_scope(scope), Spell.state == OCCUPIED, covering(day.toordinal()))
        .group_by(Spell.obs_class, Spell.sector)).all()
    by_class: dict[str, int] = {}
    by_sector: dict[str, int] = {}
    for obs_class, sector, count in rows:
        by_class[obs_class or "unknown"] = by_class.get(obs_class or "unknown", 0) + count
        by_sector[sector or "unknown"] = by_sector.get(sector or "unknown", 0) + count
    return Mix(day, by_class, by_sector)


def mixes(scope: Scope, day: date) -> list[Mix]:
    """The mix on ``day`` and on the same day one and five years before."""
    return [mix_on(scope, day)] + [mix_on(scope, day - timedelta(days=round(365.25 * years)))
                                   for years in LOOK_BACK_YEARS]
