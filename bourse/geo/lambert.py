"""Lambert-93 (EPSG:2154), the projection of French open data such as Sirene, to and from WGS 84.

pyproj does the arithmetic; this module adds the checks an import needs to tell one from the
other, since spreadsheets swap them as readily as they swap latitude and longitude.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

# Metropolitan France and Corsica in Lambert-93 metres, a little generously.
X_RANGE = (50_000.0, 1_300_000.0)
Y_RANGE = (6_000_000.0, 7_150_000.0)


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


@lru_cache(maxsize=1)
def _from_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def to_wgs84(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of Lambert-93 ``x``/``y`` (arrays: one call converts a whole file's worth)."""
    lon, lat = _to_wgs84().transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def from_wgs84(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _from_wgs84().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def looks_like_lambert93(x: float, y: float) -> bool:
    """True for numbers that can only be Lambert-93 metres in France (never degrees)."""
    return X_RANGE[0] <= x <= X_RANGE[1] and Y_RANGE[0] <= y <= Y_RANGE[1]


def looks_like_degrees(x: float, y: float) -> bool:
    """True for numbers that are degrees (either order), not metres."""
    return abs(x) <= 180 and abs(y) <= 180
