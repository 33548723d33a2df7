"""The allocation is optimal: checked against brute force on small random instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bourse.matching.allocation import assign


def brute_force_best(scores: np.ndarray) -> float:
    candidates, slots = scores.shape
    best = 0.0
    for size in range(min(candidates, slots) + 1):
        for chosen_slots in itertools.combinations(range(slots), size):
            for chosen_candidates in itertools.permutations(range(candidates), size):
                values = [scores[c, s] for c, s in zip(chosen_candidates, chosen_slots)]
                if not any(np.isnan(values)):
                    best = max(best, float(sum(values)))
    return best


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1), st.floats(0, 0.4))
def test_assignment_is_optimal_and_valid(candidates, slots, seed, forbidden_share):
    rng = np.random.default_rng(seed)
    scores = np.round(rng.uniform(0, 100, (candidates, slots)), 1)
    scores[rng.random((candidates, slots)) < forbidden_share] = np.nan
    result = assign(scores)
    assert len({c for c, _s, _v in result}) == len(result)  # one slot per candidate
    assert len({s for _c, s, _v in result}) == len(result)  # one candidate per slot
    assert all(not np.isnan(scores[c, s]) for c, s, _v in result)
    assert sum(v for _c, _s, v in result) == pytest.approx(brute_force_best(scores))


def test_a_known_case_where_greedy_is_wrong():
    # Greedy would give slot 0 to candidate 0 (90) and leave 10 for candidate 1: total 100.
    scores = np.array([[90.0, 80.0], [85.0, 10.0]])
    assert sorted(assign(scores)) == [(0, 1, 80.0), (1, 0, 85.0)]  # total 165


def test_empty_and_all_forbidden():
    assert assign(np.zeros((0, 3))) == []
    assert assign(np.full((2, 2), np.nan)) == []
