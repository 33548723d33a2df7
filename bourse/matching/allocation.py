"""Allocating candidates to the slots of a multi-slot call: an optimal assignment.

Maximises the total score with one slot per candidate and one candidate per slot, using
``scipy.optimize.linear_sum_assignment`` (an exact shortest-augmenting-path method). Pairs that
may not go together (a hard constraint failed) are NaN and are never proposed.
"""

from __future__ import annotations

import numpy as np

METHOD = "optimal_assignment"
_FORBIDDEN = -1e12


def assign(scores: np.ndarray) -> list[tuple[int, int, float]]:
    """``(candidate, slot, score)`` triples maximising the sum of scores; rectangular allowed.

    The solver always matches every row of the smaller side. A row with forbidden pairs gets a
    private "stay unassigned" column worth 0, so forcing a full matching never forces a
    forbidden pair or distorts the others.
    """
    scores = np.asarray(scores, dtype=float)
    if scores.size == 0:
        return []
    transposed = scores.shape[0] > scores.shape[1]
    matrix = scores.T if transposed else scores  # rows ≤ columns
    allowed = ~np.isnan(matrix)
    weights = np.where(allowed, matrix, _FORBIDDEN)
    needy = np.flatnonzero(~allowed.all(axis=1))
    if len(needy):
        stay = np.full((matrix.shape[0], len(needy)), _FORBIDDEN)
        stay[needy, np.arange(len(needy))] = 0.0
        weights = np.hstack([weights, stay])
    from scipy.optimize import linear_sum_assignment  # 60 MB, for the allocation job only

    rows, cols = linear_sum_assignment(weights, maximize=True)
    pairs = [(r, c) for r, c in zip(rows, cols) if c < matrix.shape[1] and allowed[r, c]]
    if transposed:
        return [(int(c), int(r), float(scores[c, r])) for r, c in pairs]
    return [(int(r), int(c), float(scores[r, c])) for r, c in pairs]
