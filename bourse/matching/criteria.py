"""Matching criteria over arrays: each returns scores in [0, 1], one per pair.

Pure NumPy, no database and no Flask. Every argument may be a scalar or an array: one project
against many units, or one unit against many projects, broadcast the same way.
Monotone by design: a surface closer to the wanted range, a lower rent, a nearer place or an
earlier date never lowers its criterion's score.
"""

from __future__ import annotations

import numpy as np

# How far outside the wanted range a surface or rent may be before scoring 0 (as a fraction).
TOLERANCE = 0.5
LATE_DAYS_TO_ZERO = 180.0
UNKNOWN_RENT_SCORE = 0.5
SAME_SECTOR_HALF_SCORE = 2.0  # this many same-trade neighbours halve the trade-mix score
MISSING_TRADE_BONUS = 0.25


def _f(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


def surface_fit(area, min_area, max_area) -> np.ndarray:
    """1 inside [min, max]; falls linearly to 0 at 50 % below min or above max."""
    area, low, high = _f(area), _f(min_area), _f(max_area)
    with np.errstate(all="ignore"):  # tiny denominators fall back to the clip below
        below = np.clip(1 - (low - area) / (TOLERANCE * low), 0, 1)
        above = np.clip(1 - (area - high) / (TOLERANCE * high), 0, 1)
    return np.where(area < low, below, np.where(area > high, above, 1.0))


def budget_fit(rent, max_rent) -> np.ndarray:
    """1 within budget; falls linearly to 0 at 50 % over it; unknown rent (NaN) scores 0.5."""
    rent, budget = _f(rent), _f(max_rent)
    with np.errstate(all="ignore"):  # tiny denominators fall back to the clip below
        over = np.where(budget > 0, np.clip(1 - (rent - budget) / (TOLERANCE * budget), 0, 1), 0.0)
    return np.where(np.isnan(rent), UNKNOWN_RENT_SCORE, np.where(rent <= budget, 1.0, over))


def place_fit(distance_m, radius_m, in_wanted_town) -> np.ndarray:
    """1 in a wanted town; else 1 at the wanted point falling to 0.5 at the radius, 0 beyond.

    A NaN radius or distance means "no point given": only the towns count then.
    """
    distance, radius = _f(distance_m), _f(radius_m)
    in_town = np.asarray(in_wanted_town, dtype=bool)
    with np.errstate(all="ignore"):  # tiny denominators fall back to the clip below
        near = np.where(distance <= radius, 1 - 0.5 * distance / radius, 0.0)
    near = np.where(np.isnan(distance) | np.isnan(radius), 0.0, near)
    return np.where(in_town, 1.0, near)


def date_fit(days_late) -> np.ndarray:
    """Days between the wanted start and availability: ≤ 0 scores 1, 180 days late scores 0."""
    late = _f(days_late)
    return np.where(np.isnan(late), 1.0, np.clip(1 - late / LATE_DAYS_TO_ZERO, 0, 1))


def need_met(has, level) -> tuple[np.ndarray, np.ndarray]:
    """(score, hard failure) for one need whose level is "none", "nice" or "must"."""
    has, level = np.asarray(has, dtype=bool), np.asarray(level)
    score = np.where(level == "nice", has.astype(float), 1.0)
    failed = (level == "must") & ~has
    return score, failed


def trade_mix(same_sector_nearby, sector_is_missing) -> np.ndarray:
    """Fewer shops of the same trade within 300 m score higher; a trade the town lacks earns a bonus."""
    count = _f(same_sector_nearby)
    score = 1 / (1 + count / SAME_SECTOR_HALF_SCORE)
    return np.where(np.asarray(sector_is_missing, dtype=bool), np.minimum(1.0, score + MISSING_TRADE_BONUS), score)
