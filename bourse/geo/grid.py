"""Points counted in square cells of a few metres: an aggregate map that shows where, never which."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Cell:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    points: int
    flagged: int  # of those, the ones counted (vacant units)


def cells(lon: np.ndarray, lat: np.ndarray, flagged: np.ndarray, metres: float, at_least: int) -> list[Cell]:
    """Square cells of about ``metres`` holding ``at_least`` points (fewer would point at one unit)."""
    if len(lon) == 0:
        return []
    dlat = metres / _METRES_PER_DEGREE
    dlon = metres / (_METRES_PER_DEGREE * max(0.01, math.cos(math.radians(float(np.mean(lat))))))
    ix, iy = np.floor(lon / dlon).astype(np.int64), np.floor(lat / dlat).astype(np.int64)
    keys, which = np.unique(np.stack([ix, iy], axis=1), axis=0, return_inverse=True)
    which = which.reshape(-1)
    totals = np.bincount(which, minlength=len(keys))
    counted = np.bincount(which, weights=flagged.astype(float), minlength=len(keys)).astype(np.int64)
    return [Cell(float(x * dlon), float(y * dlat), float((x + 1) * dlon), float((y + 1) * dlat), int(n), int(c))
            for (x, y), n, c in zip(keys, totals, counted) if n >= at_least]
