"""Reading the register: each unit's latest observation, in one query for a whole town."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func

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
    """Every unit of the town with its latest observation (one window query, whatever the size)."""
    ranked = (db.select(Observation.unit_id, Observation.state, Observation.observed_on, Observation.source,
                        Observation.sector,
                        func.row_number().over(partition_by=Observation.unit_id,
                                               order_by=(Observation.observed_on.desc(), Observation.id.desc()))
                        .label("rank"))
              .join(Unit, Unit.id == Observation.unit_id).where(Unit.town_id == town_id).subquery())
    listed = db.select(UnitListing.unit_id).distinct().subquery()
    query = (db.select(Unit, ranked.c.state, ranked.c.observed_on, ranked.c.source, ranked.c.sector,
                       listed.c.unit_id.is_not(None))
             .outerjoin(ranked, (ranked.c.unit_id == Unit.id) & (ranked.c.rank == 1))
             .outerjoin(listed, listed.c.unit_id == Unit.id)
             .where(Unit.town_id == town_id).order_by(Unit.address_key, Unit.id))
    if state:
        query = query.where(ranked.c.state == state)
    return [UnitNow(*row) for row in db.session.execute(query)]


def history(unit: Unit) -> list[Observation]:
    return list(db.session.scalars(db.select(Observation).where(Observation.unit_id == unit.id)
                                   .order_by(Observation.observed_on.desc(), Observation.id.desc())))
