"""Counting neighbours and distances over arrays of coordinates (no database)."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_M = 6_371_008.8
BRUTE_FORCE_PAIRS = 200_000  # below this many pairs, one array of distances beats building a tree


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distances in metres, element-wise (scalars broadcast)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _local_metres(lon: np.ndarray, lat: np.ndarray, ref_lat: float) -> np.ndarray:
    """An equirectangular projection around ``ref_lat``: exact enough within a town."""
    k = np.pi / 180 * EARTH_RADIUS_M
    return np.column_stack((np.asarray(lon) * k * np.cos(np.radians(ref_lat)), np.asarray(lat) * k))


def count_within(lon, lat, other_lon, other_lat, metres: float) -> np.ndarray:
    """For each point, how many of the other points lie within ``metres`` (a KD-tree, not a double loop)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if len(lon) == 0:
        return np.zeros(0, dtype=int)
    if len(other_lon) == 0:
        return np.zeros(len(lon), dtype=int)
    ref = float(np.mean(lat))
    if len(lon) * len(other_lon) <= BRUTE_FORCE_PAIRS:
        here, there = _local_metres(lon, lat, ref), _local_metres(np.asarray(other_lon, float),
                                                                  np.asarray(other_lat, float), ref)
        dx = here[:, 0, None] - there[None, :, 0]
        dy = here[:, 1, None] - there[None, :, 1]
        return np.count_nonzero(dx * dx + dy * dy <= metres * metres, axis=1)
    from scipy.spatial import cKDTree  # 50 MB: loaded by the worker that first needs it, not by every one

    tree = cKDTree(_local_metres(np.asarray(other_lon, float), np.asarray(other_lat, float), ref))
    return np.asarray(tree.query_ball_point(_local_metres(lon, lat, ref), r=metres, return_length=True), dtype=int)
