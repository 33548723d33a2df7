"""The managers' unit-level view: the vacant units of the scope with their durations, long-term first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bourse.extensions import db
from bourse.observatory.figures import Figures
from bourse.premises.models import Premises, PremisesStatus
from bourse.register.models import Unit, UnitListing


@dataclass(frozen=True)
class VacantUnit:
    id: int
    address: str
    name: str | None
    since: date
    days: int
    within_24_months: int
    long_term: bool
    unused_two_years: bool
    listed: bool  # a listing of it is published on Bourse now


def vacant_units(figures: Figures) -> list[VacantUnit]:
    vacant = figures.vacant
    ids = vacant.unit_ids.tolist()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}
    listed = set(db.session.scalars(select(UnitListing.unit_id).join(Premises, Premises.id == UnitListing.premises_id)
                                    .where(UnitListing.unit_id.in_(ids),
                                           Premises.status == PremisesStatus.PUBLISHED.value))) if ids else set()
    day = figures.day.toordinal()
    rows = [VacantUnit(unit_id, units[unit_id].address, units[unit_id].name, date.fromordinal(day - int(days)),
                       int(days), int(within), bool(long_term), bool(unused), unit_id in listed)
            for unit_id, days, within, long_term, unused in zip(
                ids, vacant.days, vacant.within_24_months, vacant.long_term, vacant.unused_two_years)]
    return sorted(rows, key=lambda row: (not row.long_term, -row.days, row.id))
