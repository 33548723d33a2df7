"""Figures for the home page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from bourse.extensions import db
from bourse.premises.models import Premises, PremisesStatus
from bourse.towns.models import Town


@dataclass(frozen=True)
class TownSummary:
    town: Town
    published: int


def town_summaries() -> list[TownSummary]:
    """Every town with its number of published premises, busiest first."""
    published = (
        db.select(Premises.town_id, func.count(Premises.id).label("n"))
        .where(Premises.status == PremisesStatus.PUBLISHED.value)
        .group_by(Premises.town_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(Town, func.coalesce(published.c.n, 0))
        .outerjoin(published, published.c.town_id == Town.id)
        .order_by(func.coalesce(published.c.n, 0).desc(), Town.name)
    ).all()
    return [TownSummary(town, int(n)) for town, n in rows]
