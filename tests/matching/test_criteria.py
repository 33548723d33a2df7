"""Every criterion and hard constraint, with property-based checks (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bourse.matching import criteria, engine
from bourse.weights import DEFAULT_WEIGHTS, effective

areas = st.floats(min_value=1, max_value=10_000, allow_nan=False)
money = st.floats(min_value=0, max_value=1_000_000, allow_nan=False)


@given(area=areas, low=areas, span=st.floats(min_value=0, max_value=5_000))
def test_surface_score_stays_in_range(area, low, span):
    value = float(criteria.surface_fit(area, low, low + span))
    assert 0.0 <= value <= 1.0


@given(area=areas, better=areas, low=areas, span=st.floats(min_value=0, max_value=5_000))
def test_a_surface_closer_to_the_range_never_scores_lower(area, better, low, span):
    high = low + span

    def gap(a):
        return max(low - a, 0, a - high)

    if gap(better) < gap(area) and ((better < low) == (area < low) or gap(better) == 0):
        assert criteria.surface_fit(better, low, high) >= criteria.surface_fit(area, low, high)


@given(rent=money, cheaper=money, budget=money)
def test_a_lower_rent_never_scores_lower_and_stays_in_range(rent, cheaper, budget):
    cheaper = min(cheaper, rent)
    high, low = float(criteria.budget_fit(rent, budget)), float(criteria.budget_fit(cheaper, budget))
    assert 0.0 <= high <= 1.0 and low >= high


@given(d=st.floats(min_value=0, max_value=500_000), nearer=st.floats(min_value=0, max_value=500_000),
       radius=st.floats(min_value=1, max_value=200_000))
def test_a_nearer_place_never_scores_lower(d, nearer, radius):
    nearer = min(nearer, d)
    assert criteria.place_fit(nearer, radius, False) >= criteria.place_fit(d, radius, False)
    assert 0.0 <= float(criteria.place_fit(d, radius, False)) <= 1.0


@given(late=st.floats(min_value=-1000, max_value=1000), earlier=st.floats(min_value=-1000, max_value=1000))
def test_an_earlier_date_never_scores_lower(late, earlier):
    earlier = min(earlier, late)
    assert 0.0 <= float(criteria.date_fit(late)) <= float(criteria.date_fit(earlier)) <= 1.0


@given(count=st.integers(min_value=0, max_value=500), missing=st.booleans())
def test_trade_mix_in_range_and_fewer_neighbours_score_higher(count, missing):
    assert 0.0 <= float(criteria.trade_mix(count, missing)) <= 1.0
    assert criteria.trade_mix(count, missing) >= criteria.trade_mix(count + 1, missing)
    assert criteria.trade_mix(count, True) >= criteria.trade_mix(count, False)


def test_reference_values():
    assert criteria.surface_fit(45, 30, 60) == 1.0
    assert criteria.surface_fit(15, 30, 60) == 0.0  # 50 % below the minimum
    assert criteria.surface_fit(75, 30, 60) == pytest.approx(0.5)
    assert criteria.budget_fit(14_400, 12_000) == pytest.approx(0.6)  # 20 % over budget
    assert criteria.budget_fit(np.nan, 12_000) == 0.5
    assert criteria.place_fit(2_500, 5_000, False) == pytest.approx(0.75)
    assert criteria.place_fit(np.nan, np.nan, True) == 1.0
    assert criteria.place_fit(6_000, 5_000, False) == 0.0
    assert criteria.date_fit(90) == pytest.approx(0.5)
    assert criteria.trade_mix(0, False) == 1.0 and criteria.trade_mix(2, False) == pytest.approx(0.5)


def _offers(n=1, **overrides):
    values = dict(area=np.full(n, 45.0), rent=np.full(n, 9_600.0), distance_m=np.full(n, np.nan),
                  in_wanted_town=np.ones(n, bool), days_late=np.zeros(n), extraction=np.zeros(n, bool),
                  step_free=np.zeros(n, bool), frontage=np.full(n, 5.0), use_excluded=np.zeros(n, bool),
                  same_sector_nearby=np.zeros(n), sector_missing=np.zeros(n, bool))
    values.update(overrides)
    return engine.Offers(**values)


WANTS = dict(min_area=30.0, max_area=60.0, max_rent=12_000.0, radius_m=np.nan)


@pytest.mark.parametrize("need, offers, reason", [
    ({"need_extraction": "must"}, {"extraction": np.zeros(1, bool)}, "extraction"),
    ({"need_step_free": "must"}, {"step_free": np.zeros(1, bool)}, "step_free"),
    ({"need_frontage": "must", "min_frontage": 8.0}, {"frontage": np.full(1, 5.0)}, "frontage"),
    ({"need_frontage": "must", "min_frontage": 8.0}, {"frontage": np.full(1, np.nan)}, "frontage"),
    ({}, {"use_excluded": np.ones(1, bool)}, "use_clause"),
])
def test_hard_constraints_remove_the_pair_and_say_why(need, offers, reason):
    scored = engine.score(engine.Wants(**WANTS, **need), _offers(**offers), DEFAULT_WEIGHTS, 1)
    assert np.isnan(scored.total[0])
    assert engine.reasons_removed(scored, 0) == [reason]
    assert len(engine.top(scored, 5)) == 0


def test_nice_to_have_needs_lower_the_score_without_removing():
    wants = engine.Wants(**WANTS, need_extraction="nice", need_step_free="nice")
    scored = engine.score(wants, _offers(2, extraction=np.array([True, False]), step_free=np.array([True, False])),
                          DEFAULT_WEIGHTS, 2)
    assert scored.parts["needs"].tolist() == [1.0, 0.0]
    assert scored.total[0] > scored.total[1] and not np.isnan(scored.total[1])


@settings(max_examples=60)
@given(st.lists(st.tuples(areas, money, st.integers(0, 20)), min_size=1, max_size=40))
def test_total_score_is_0_to_100_and_top_is_sorted(rows):
    area, rent, nearby = (np.array(col, dtype=float) for col in zip(*rows))
    n = len(rows)
    scored = engine.score(engine.Wants(**WANTS), _offers(n, area=area, rent=rent, same_sector_nearby=nearby),
                          DEFAULT_WEIGHTS, n)
    assert np.all((scored.total >= 0) & (scored.total <= 100))
    best = engine.top(scored, 10)
    assert list(scored.total[best]) == sorted(scored.total[best], reverse=True)


def test_one_unit_against_many_projects_broadcasts():
    wants = engine.Wants(min_area=np.array([30.0, 100.0]), max_area=np.array([60.0, 150.0]),
                         max_rent=np.array([12_000.0, 5_000.0]), radius_m=np.array([np.nan, np.nan]),
                         need_extraction=np.array(["none", "must"], dtype=object))
    offers = engine.Offers(area=45.0, rent=9_600.0, distance_m=np.array([np.nan, np.nan]),
                           in_wanted_town=np.array([True, True]), days_late=np.array([0.0, 0.0]), extraction=False,
                           step_free=True, frontage=5.0, use_excluded=np.array([False, False]),
                           same_sector_nearby=np.array([0.0, 0.0]), sector_missing=np.array([False, False]))
    scored = engine.score(wants, offers, DEFAULT_WEIGHTS, 2)
    assert scored.total[0] == 100.0 and np.isnan(scored.total[1])


def test_weights_programme_over_town_over_default():
    assert effective({}, {}) == DEFAULT_WEIGHTS
    assert effective({"surface": 50, "budget": 50}, {})["surface"] == 50
    assert effective({"surface": 50}, {"trade_mix": 100})["trade_mix"] == 100
    assert effective({"surface": "abc", "budget": -3}, None) == DEFAULT_WEIGHTS
