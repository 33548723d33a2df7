"""Scoring pairs over arrays, then explaining only the best.

The database has already narrowed the candidates (``candidates.py``); here every pair is scored
at once with NumPy. A side may be one project against many units or one unit against many
projects: fields are scalars or arrays and broadcast. Hard constraints remove pairs with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bourse.matching import criteria
from bourse.weights import CRITERIA

HARD_CONSTRAINTS = ("use_clause", "extraction", "step_free", "frontage")


@dataclass
class Wants:
    """Projects' wishes: scalars for one project, arrays for many."""

    min_area: object
    max_area: object
    max_rent: object
    radius_m: object  # NaN when the project gives no point
    need_extraction: object = "none"
    need_step_free: object = "none"
    need_frontage: object = "none"
    min_frontage: object = np.nan


@dataclass
class Offers:
    """What units offer for each pair (scalars for one unit, arrays for many)."""

    area: object
    rent: object  # per year; NaN when not let (walls for sale...)
    distance_m: object  # from the project's point; NaN when it has none
    in_wanted_town: object
    days_late: object  # availability minus wanted start; NaN when either is unknown
    extraction: object
    step_free: object
    frontage: object  # NaN when unknown
    use_excluded: object  # the use clause rules the project's trade out
    same_sector_nearby: object
    sector_missing: object


@dataclass
class Scored:
    total: np.ndarray  # 0–100, NaN where a hard constraint failed
    parts: dict[str, np.ndarray]
    failed: dict[str, np.ndarray]  # hard constraint -> mask of pairs it removed


def score(wants: Wants, offers: Offers, weights: dict[str, int], n: int) -> Scored:
    """Score ``n`` pairs; failing a hard constraint gives NaN and records which one."""
    parts = {
        "surface": criteria.surface_fit(offers.area, wants.min_area, wants.max_area),
        "budget": criteria.budget_fit(offers.rent, wants.max_rent),
        "place": criteria.place_fit(offers.distance_m, wants.radius_m, offers.in_wanted_town),
        "date": criteria.date_fit(offers.days_late),
        "trade_mix": criteria.trade_mix(offers.same_sector_nearby, offers.sector_missing),
    }
    frontage = np.nan_to_num(np.asarray(offers.frontage, dtype=float), nan=-1.0)
    min_frontage = np.asarray(wants.min_frontage, dtype=float)
    has_frontage = frontage >= np.nan_to_num(min_frontage, nan=0.0)
    frontage_level = np.where(np.isnan(min_frontage), "none", np.asarray(wants.need_frontage))
    needs = (("extraction", offers.extraction, wants.need_extraction),
             ("step_free", offers.step_free, wants.need_step_free),
             ("frontage", has_frontage, frontage_level))
    failed = {"use_clause": np.broadcast_to(np.asarray(offers.use_excluded, dtype=bool), (n,))}
    nice_sum, nice_count = np.zeros(n), np.zeros(n)
    for name, has, level in needs:
        need_score, need_failed = criteria.need_met(has, level)
        is_nice = np.broadcast_to(np.asarray(level) == "nice", (n,))
        nice_sum += np.where(is_nice, np.broadcast_to(need_score, (n,)), 0.0)
        nice_count += is_nice
        failed[name] = np.broadcast_to(need_failed, (n,))
    parts["needs"] = np.where(nice_count > 0, nice_sum / np.maximum(nice_count, 1), 1.0)
    parts = {name: np.broadcast_to(values, (n,)).astype(float) for name, values in parts.items()}
    total_weight = sum(weights.get(c, 0) for c in CRITERIA) or 1
    total = sum(weights.get(c, 0) * parts[c] for c in CRITERIA) * 100.0 / total_weight
    removed = np.zeros(n, dtype=bool)
    for mask in failed.values():
        removed |= mask
    return Scored(total=np.where(removed, np.nan, np.round(total, 1)), parts=parts, failed=failed)


def reasons_removed(scored: Scored, index: int) -> list[str]:
    return [name for name in HARD_CONSTRAINTS if scored.failed[name][index]]


def top(scored: Scored, k: int) -> np.ndarray:
    """Indices of the ``k`` best pairs that passed every hard constraint, best first."""
    valid = np.flatnonzero(~np.isnan(scored.total))
    if len(valid) == 0 or k <= 0:
        return valid[:0]
    k = min(k, len(valid))
    best = valid[np.argpartition(-scored.total[valid], k - 1)[:k]]
    return best[np.lexsort((best, -scored.total[best]))]
