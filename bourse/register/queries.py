"""Reading the register: each unit's current state, and its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bourse.extensions import db
from bourse.register.models import Observation, Unit, UnitListing


@dataclass(frozen=True)
class UnitNow:
    unit: Unit
    state: str | None
    since: date | None
    source: str | None
    sector: str | None
    listed: bool


def current(town_id: int, state: str | None = None) -> list[UnitNow]:
    """Every unit of the town with what its latest observation says (kept on the unit itself)."""
    listed = db.select(UnitListing.unit_id).where(UnitListing.unit_id == Unit.id).exists()
    query = (db.select(Unit, listed).where(Unit.town_id == town_id).order_by(Unit.address_key, Unit.id))
    if state:
        query = query.where(Unit.state == state)
    return [UnitNow(unit, unit.state, unit.state_since, unit.state_source, unit.sector, bool(is_listed))
            for unit, is_listed in db.session.execute(query)]


def history(unit: Unit) -> list[Observation]:
    return list(db.session.scalars(db.select(Observation).where(Observation.unit_id == unit.id)
                                   .order_by(Observation.observed_on.desc(), Observation.id.desc())))
