"""Freezing each town's figures once a month is over (the daily job does the month just ended)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bourse.extensions import db
from bourse.jobs.registry import handler
from bourse.observatory.figures import compute
from bourse.observatory.models import Snapshot
from bourse.observatory.periods import Period
from bourse.observatory.scope import scope_of
from bourse.register.models import Perimeter
from bourse.register.spells import month_index
from bourse.timeutil import utcnow
from bourse.towns.models import Town

# Headline figures compared between the frozen and the live version (rates to a tenth of a point).
COMPARED = ("units", "vacant", "rate", "long_term", "median_vacant_days")


def freeze(town: Town, month: int, today: date) -> Snapshot | None:
    """The month's snapshot, made now if missing. None when the month is not over or the town has
    no validated perimeter."""
    existing = db.session.scalar(db.select(Snapshot).where(Snapshot.town_id == town.id, Snapshot.month == month))
    if existing is not None:
        return existing
    scope = scope_of(town)
    if month >= month_index(today) or scope.perimeter is None:
        return None
    figures = compute(scope, Period(month, month, today))
    snapshot = Snapshot(town_id=town.id, month=month, perimeter_id=scope.perimeter.id,
                        perimeter_version=scope.perimeter.version, figures=figures.summary())
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def freeze_last_month(today: date | None = None) -> int:
    """Freeze the month just ended for every town with a validated perimeter; returns how many were made."""
    today = today or utcnow().date()
    month = month_index(today) - 1
    made = 0
    town_ids = db.session.scalars(db.select(Perimeter.town_id).distinct()).all()
    for town in db.session.scalars(db.select(Town).where(Town.id.in_(town_ids)).order_by(Town.id)):
        exists = db.session.scalar(db.select(Snapshot.id).where(Snapshot.town_id == town.id, Snapshot.month == month))
        if exists is None and freeze(town, month, today) is not None:
            made += 1
    return made


@handler("observatory.freeze", every="day")
def freeze_job() -> None:
    freeze_last_month()


def frozen(town_id: int, month: int) -> Snapshot | None:
    return db.session.scalar(db.select(Snapshot).where(Snapshot.town_id == town_id, Snapshot.month == month))


@dataclass(frozen=True)
class Difference:
    name: str
    frozen: object
    live: object


def differences(snapshot: Snapshot, live: dict) -> list[Difference]:
    """The headline figures that moved since the month was frozen (late surveys, corrections)."""
    def same(a, b) -> bool:
        if isinstance(a, float) or isinstance(b, float):
            return a is not None and b is not None and round(a, 3) == round(b, 3)
        return a == b

    return [Difference(name, snapshot.figures.get(name), live.get(name)) for name in COMPARED
            if not same(snapshot.figures.get(name), live.get(name))]
