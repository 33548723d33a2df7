"""The observatory's figures against a history worked out by hand (tests/observatory/history.py),
on both backends: the monthly series, durations, long-term vacancy, movements, time to let, the
trade mix, the sources that disagree, and a change of perimeter."""

from __future__ import annotations

from datetime import date

import pytest

from bourse.observatory import figures as observatory
from bourse.observatory.periods import Period
from bourse.observatory.scope import scope_of
from bourse.register import perimeters
from bourse.register.spells import month_index
from tests.observatory.history import FIRST, LAST, SMALLER, TODAY, build, drawing


def at(figures, year: int, month: int) -> tuple[int, int]:
    """(units, vacant) at the end of that month."""
    i = month_index(date(year, month, 1)) - figures.period.first
    return int(figures.series.units[i]), int(figures.series.vacant[i])


@pytest.fixture
def history(auray, manager):
    return build(auray, manager)


@pytest.fixture
def figures(history, auray):
    return observatory.compute(scope_of(auray), Period(FIRST, LAST, TODAY))


def test_the_monthly_series_counts_each_units_state_at_each_months_end(figures):
    assert at(figures, 2024, 1) == (3, 0)  # A, E, F occupied; the others not seen yet
    assert at(figures, 2024, 2) == (4, 1)  # C found empty
    assert at(figures, 2024, 6) == (4, 2)  # A closes
    assert at(figures, 2025, 1) == (6, 4)  # B and B2 found empty
    assert at(figures, 2025, 2) == (6, 3)  # A let again
    assert at(figures, 2025, 6) == (6, 1)  # B and B2 let
    assert at(figures, 2025, 9) == (5, 1)  # F is no longer a shop
    assert at(figures, 2025, 11) == (6, 2)  # D listed on Bourse
    assert at(figures, 2026, 3) == (6, 4)  # A and B empty again
    assert at(figures, 2026, 5) == (6, 4)  # B2 empty, D let through Bourse
    assert at(figures, 2026, 10) == (6, 5)  # D found empty by the survey
    assert figures.units == 6 and figures.vacant_units == 5 and figures.rate == pytest.approx(5 / 6)
    assert figures.series.rates[0] == 0.0 and len(figures.series.months) == 34


def test_durations_and_long_term_vacancy(figures, history):
    vacant = figures.vacant
    days = dict(zip(vacant.unit_ids.tolist(), vacant.days.tolist()))
    assert days == {history["A"].id: 244, history["B"].id: 214, history["B2"].id: 213, history["C"].id: 1003,
                    history["D"].id: 46}
    assert vacant.median_days == 214
    # Days vacant within the window count both ends (31 March to 31 October is 215 days of vacancy).
    assert vacant.bands() == [1, 0, 3, 0, 1]  # under 3 months, 3–6, 6–12, 12–24, 24 and more
    within = dict(zip(vacant.unit_ids.tolist(), vacant.within_24_months.tolist()))
    assert within[history["B"].id] == 151 + 215 == 366 and within[history["B2"].id] == 365
    assert within[history["A"].id] == 111 + 245  # 1 Nov 2024 to 20 Feb 2025, then this run
    long_term = set(vacant.unit_ids[vacant.long_term].tolist())
    assert long_term == {history["B"].id, history["C"].id}
    assert set(vacant.unit_ids[vacant.a_year_in_a_row].tolist()) == {history["C"].id}
    assert set(vacant.unit_ids[vacant.unused_two_years].tolist()) == {history["C"].id}
    summary = figures.summary()
    assert (summary["long_term"], summary["a_year_in_a_row"], summary["unused_two_years"]) == (2, 1, 1)


def test_openings_closures_and_time_to_let(figures):
    months = list(figures.period.months)
    opened = {m: int(n) for m, n in zip(months, figures.openings) if n}
    closed = {m: int(n) for m, n in zip(months, figures.closures) if n}
    m = lambda y, mo: month_index(date(y, mo, 1))  # noqa: E731
    assert opened == {m(2025, 2): 1, m(2025, 6): 2, m(2026, 5): 1}
    assert closed == {m(2024, 6): 1, m(2025, 9): 1, m(2026, 3): 2, m(2026, 4): 1, m(2026, 9): 1}
    expected = sorted([(date(2025, 2, 20) - date(2024, 6, 15)).days, 151, 151, 181])
    assert sorted(figures.time_to_let.tolist()) == expected
    assert figures.summary()["median_days_to_let"] == (151 + 181) / 2


def test_the_trade_mix_now_and_in_the_towns_past(figures):
    now, year_ago, five_years_ago = figures.mixes
    assert now.by_class == {"service": 1} and now.by_sector == {"health_beauty": 1}
    assert year_ago.by_class == {"leisure": 1, "service": 2, "convenience": 1}
    assert year_ago.by_sector == {"restaurant": 1, "services": 1, "food": 1, "health_beauty": 1}
    assert five_years_ago.total == 0


def test_a_survey_contradicting_the_platform_is_counted_and_said(figures, history):
    """D was let through Bourse in May; the September survey found it empty: the later wins."""
    assert [(d.unit_id, d.state, d.source, d.earlier_state, d.earlier_source, d.earlier_on)
            for d in figures.disagreements] == [
        (history["D"].id, "vacant", "survey", "occupied", "platform", date(2026, 5, 1))]
    sources = {use.source: use.observations for use in figures.sources}
    assert sources == {"survey": 15, "platform": 3}  # X, outside, is not among them


def test_a_zone_and_a_new_perimeter_version(figures, history, auray, manager):
    assert [(z.zone.name, z.units, z.vacant) for z in figures.zones] == [("Rue du Lait", 3, 3)]
    zone = scope_of(auray, figures.zones[0].zone.id)
    in_zone = observatory.compute(zone, Period(FIRST, LAST, TODAY))
    assert (in_zone.units, in_zone.vacant_units, in_zone.zones) == (3, 3, [])

    perimeters.validate(manager, auray.id, drawing(SMALLER))
    smaller = scope_of(auray)
    assert smaller.perimeter.version == 2
    again = observatory.compute(smaller, Period(FIRST, LAST, TODAY))
    assert (again.units, again.vacant_units) == (5, 5)  # E, east of the new edge, is out
    assert again.mixes[0].total == 0


def test_a_period_before_any_data_and_a_perimeter_without_units(auray, manager, history):
    early = observatory.compute(scope_of(auray), Period(month_index(date(2020, 1, 1)), month_index(date(2020, 12, 1)),
                                                         TODAY))
    assert early.units == 0 and early.rate is None and set(early.series.rates) == {None}
    assert early.vacant.median_days is None and early.vacant.bands() == [0, 0, 0, 0, 0]
    assert early.summary()["median_days_to_let"] is None

    far = [[-2.960, 47.650], [-2.955, 47.650], [-2.955, 47.653], [-2.960, 47.653], [-2.960, 47.650]]
    perimeters.validate(manager, auray.id, drawing(far))
    empty = observatory.compute(scope_of(auray), Period(FIRST, LAST, TODAY))
    assert empty.units == 0 and empty.rate is None and empty.sources == [] and empty.funnel == [0, 0, 0, 0]
