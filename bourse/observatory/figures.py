"""All the observatory's figures for one scope and period, in one object the pages, the CSV export
and the monthly snapshot read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date

import numpy as np

from bourse.observatory import activity, mix, provenance, vacancy
from bourse.observatory.periods import Period, month_label
from bourse.observatory.runs import COUNTED, VACANT
from bourse.observatory.scope import Scope
from bourse.register.models import Zone


@dataclass(frozen=True)
class ZoneFigure:
    zone: Zone
    units: int
    vacant: int

    @property
    def rate(self) -> float | None:
        return self.vacant / self.units if self.units else None


@dataclass(frozen=True)
class Figures:
    scope: Scope
    period: Period
    series: vacancy.Series
    vacant: vacancy.Vacant
    openings: np.ndarray
    closures: np.ndarray
    time_to_let: np.ndarray
    listing_to_lease: np.ndarray
    mixes: list[mix.Mix]
    funnel: list[int]
    trials: activity.Trials
    sources: list[provenance.SourceUse]
    disagreements: list[provenance.Disagreement]
    zones: list[ZoneFigure]

    @property
    def day(self) -> date:
        return self.period.reference_day

    @property
    def units(self) -> int:
        return int(self.series.units[-1])

    @property
    def vacant_units(self) -> int:
        return int(self.series.vacant[-1])

    @property
    def rate(self) -> float | None:
        return self.series.rates[-1]

    def summary(self) -> dict:
        """The headline figures as plain numbers: what a monthly snapshot freezes and the CSV repeats."""
        return dict(self._summary)

    @cached_property
    def _summary(self) -> dict:
        return {
            "units": self.units, "vacant": self.vacant_units, "rate": self.rate,
            "median_vacant_days": self.vacant.median_days,
            "long_term": int(self.vacant.long_term.sum()), "a_year_in_a_row": int(self.vacant.a_year_in_a_row.sum()),
            "unused_two_years": int(self.vacant.unused_two_years.sum()),
            "median_days_to_let": _median(self.time_to_let),
            "median_days_listing_to_lease": _median(self.listing_to_lease),
            "openings": int(self.openings.sum()), "closures": int(self.closures.sum()),
        }

    def monthly_rows(self) -> list[dict]:
        rates = self.series.rates
        return [{"month": month_label(month), "units": int(self.series.units[i]),
                 "occupied": int(self.series.occupied[i]), "vacant": int(self.series.vacant[i]),
                 "works": int(self.series.works[i]), "rate": rates[i],
                 "openings": int(self.openings[i]), "closures": int(self.closures[i])}
                for i, month in enumerate(self.period.months)]


def _median(values: np.ndarray) -> float | None:
    return float(np.median(values)) if len(values) else None


def zone_figures(scope: Scope, day: int) -> list[ZoneFigure]:
    figures = []
    for zone in scope.perimeter.zones if scope.zone is None else []:
        counts = dict(vacancy.counts_on(Scope(scope.town, scope.perimeter, zone), day))
        figures.append(ZoneFigure(zone, sum(counts.get(state, 0) for state in COUNTED), counts.get(VACANT, 0)))
    return figures


def compute(scope: Scope, period: Period) -> Figures:
    """:param scope: with a perimeter (the pages explain the case without one before asking)."""
    day = period.reference_day
    openings, closures = vacancy.openings_and_closures(scope, period)
    return Figures(
        scope=scope, period=period, series=vacancy.monthly(scope, period),
        vacant=vacancy.vacant_on(scope, day.toordinal()), openings=openings, closures=closures,
        time_to_let=vacancy.time_to_let(scope, period), listing_to_lease=activity.listing_to_lease(scope, period),
        mixes=mix.mixes(scope, day), funnel=activity.funnel(scope, period), trials=activity.trials(scope, period),
        sources=provenance.sources(scope, day), disagreements=provenance.disagreements(scope, day),
        zones=zone_figures(scope, day.toordinal()))
