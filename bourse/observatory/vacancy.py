"""Vacancy: the monthly series, how long the empty units have been empty, the long-term ones,
openings and closures, and the time it takes to let a unit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import aliased

from bourse.extensions import db
from bourse.observatory.periods import Period
from bourse.observatory.runs import COUNTED, OCCUPIED, VACANT, WORKS, covering, in_scope
from bourse.observatory.scope import Scope
from bourse.register.models import Spell

# How long the empty units have been empty: upper bounds in days of each band.
DURATION_BANDS = (90, 182, 365, 730)
YEAR, TWO_YEARS = 365, 730
WITHIN_24_MONTHS = 366  # days vacant within the last 730: the UK high-street rental auctions' test


@dataclass(frozen=True)
class Series:
    """Units by state at the end of each month of a period (this month: today)."""

    months: list[int]
    occupied: np.ndarray
    vacant: np.ndarray
    works: np.ndarray

    @property
    def units(self) -> np.ndarray:
        return self.occupied + self.vacant + self.works

    @property
    def rates(self) -> list[float | None]:
        """Vacant ÷ all units, or None for a month with no unit known (never a division by zero)."""
        units = self.units
        return [float(v / n) if n else None for v, n in zip(self.vacant, units)]


def monthly(scope: Scope, period: Period) -> Series:
    """One query sums, per month and state, the runs that begin (+1) and end (−1); the running
    total over the months is then the number of units in each state at each month's end."""
    begins = select(Spell.start_month.label("month"), Spell.state.label("state"), literal(1).label("step")).where(
        in_scope(scope), Spell.state.in_(COUNTED), Spell.start_month <= period.last)
    ends = select(Spell.end_month, Spell.state, literal(-1)).where(
        in_scope(scope), Spell.state.in_(COUNTED), Spell.end_month <= period.last)
    steps = union_all(begins, ends).subquery()
    rows = db.session.execute(select(steps.c.month, steps.c.state, func.sum(steps.c.step))
                              .group_by(steps.c.month, steps.c.state)).all()
    first = min([period.first] + [row[0] for row in rows])
    size = period.last - first + 1
    counts = {state: np.zeros(size, dtype=np.int64) for state in COUNTED}
    for month, state, step in rows:  # one row per month and state that changed, not per unit
        counts[state][month - first] += int(step)
    window = slice(period.first - first, None)
    return Series(list(period.months), *(np.cumsum(counts[state])[window] for state in (OCCUPIED, VACANT, WORKS)))


@dataclass(frozen=True)
class Vacant:
    """The units empty on the reference day, and for how long (days)."""

    unit_ids: np.ndarray
    days: np.ndarray  # the current run so far
    within_24_months: np.ndarray  # days vacant in the last 730, this run and earlier ones

    @property
    def median_days(self) -> float | None:
        return float(np.median(self.days)) if len(self.days) else None

    def bands(self) -> list[int]:
        """How many in each band of DURATION_BANDS, the last one open-ended."""
        return np.bincount(np.searchsorted(DURATION_BANDS, self.days, side="right"),
                           minlength=len(DURATION_BANDS) + 1).tolist()

    @property
    def a_year_in_a_row(self) -> np.ndarray:
        return self.days >= YEAR

    @property
    def long_term(self) -> np.ndarray:
        """Vacant a year in a row, or 366 days within the last 24 months."""
        return self.a_year_in_a_row | (self.within_24_months >= WITHIN_24_MONTHS)

    @property
    def unused_two_years(self) -> np.ndarray:
        """Empty for two years: what France's tax on commercial wasteland looks for."""
        return self.days >= TWO_YEARS


def vacant_on(scope: Scope, day: int) -> Vacant:
    """``day``: an ordinal. One query for the runs of the last 24 months, then arrays."""
    since = day - TWO_YEARS + 1
    rows = db.session.execute(select(Spell.unit_id, Spell.start_day, Spell.end_day).where(
        in_scope(scope), Spell.state == VACANT, Spell.start_day <= day,
        (Spell.end_day.is_(None)) | (Spell.end_day > since))).all()
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return Vacant(empty, empty, empty)
    units = np.array([r[0] for r in rows], dtype=np.int64)
    starts = np.array([r[1] for r in rows], dtype=np.int64)
    ends = np.array([r[2] if r[2] is not None else day + 1 for r in rows], dtype=np.int64)
    inside = np.clip(np.minimum(ends, day + 1) - np.maximum(starts, since), 0, None)
    ids, which = np.unique(units, return_inverse=True)
    within = np.bincount(which, weights=inside).astype(np.int64)
    now = ends > day
    order = np.argsort(units[now], kind="stable")
    current_units, current_days = units[now][order], (day - starts[now])[order]
    return Vacant(current_units, current_days, within[np.searchsorted(ids, current_units)])


def openings_and_closures(scope: Scope, period: Period) -> tuple[np.ndarray, np.ndarray]:
    """Per month of the period: shops opened (an occupied run after another run) and closed (any
    run after an occupied one; a trade replacing another is one of each)."""
    opened = func.sum(case(((Spell.state == OCCUPIED) & Spell.prev_state.is_not(None), 1), else_=0))
    closed = func.sum(case((Spell.prev_state == OCCUPIED, 1), else_=0))
    rows = db.session.execute(select(Spell.start_month, opened, closed).where(
        in_scope(scope), Spell.start_month >= period.first, Spell.start_month <= period.last)
        .group_by(Spell.start_month)).all()
    openings, closures = np.zeros(len(period.months), dtype=np.int64), np.zeros(len(period.months), dtype=np.int64)
    for month, o, c in rows:
        openings[month - period.first], closures[month - period.first] = int(o or 0), int(c or 0)
    return openings, closures


def time_to_let(scope: Scope, period: Period) -> np.ndarray:
    """Days from the start of vacancy to the next occupation, for units let during the period."""
    empty, let = aliased(Spell), aliased(Spell)
    rows = db.session.execute(select(let.start_day - empty.start_day).join(
        empty, (empty.unit_id == let.unit_id) & (empty.end_day == let.start_day) & (empty.state == VACANT))
        .where(in_scope(scope, let), let.state == OCCUPIED, let.start_month >= period.first,
               let.start_month <= period.last)).scalars().all()
    return np.array(rows, dtype=np.int64)


def counts_on(scope: Scope, day: int) -> list:
    """Units by state on ``day``."""
    return db.session.execute(select(Spell.state, func.count()).where(
        in_scope(scope), covering(day), Spell.state.in_(COUNTED)).group_by(Spell.state)).all()
