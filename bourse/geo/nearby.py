"""Which known point is within a few metres of another: matching imported rows to a town's units.

Points are projected onto a local plane in metres (equirectangular around their mean latitude,
exact to a few centimetres over a town) and put in a k-d tree, so matching thousands of rows costs
thousands of tree lookups, not thousands of database queries.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_M = 6_371_008.8


class PointIndex:
    def __init__(self, ids, lon, lat, origin_lat: float | None = None) -> None:
        self.ids = list(ids)
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if origin_lat is None:
            origin_lat = float(lat.mean()) if len(lat) else 46.5
        self._scale = math.cos(math.radians(origin_lat))
        from scipy.spatial import cKDTree  # imports only: loaded where used, not by every web worker

        self._tree = cKDTree(self._plane(lon, lat)) if len(self.ids) else None

    def _plane(self, lon, lat) -> np.ndarray:
        lon, lat = np.atleast_1d(np.asarray(lon, dtype=float)), np.atleast_1d(np.asarray(lat, dtype=float))
        factor = math.pi / 180 * EARTH_RADIUS_M
        return np.column_stack((lon * factor * self._scale, lat * factor))

    def nearest(self, lon: float, lat: float, metres: float):
        """The id of the closest point within ``metres``, or None."""
        if self._tree is None:
            return None
        distance, index = self._tree.query(self._plane(lon, lat)[0], distance_upper_bound=metres)
        return None if math.isinf(distance) else self.ids[int(index)]

    def within(self, lon: float, lat: float, metres: float) -> list:
        """The ids of every point within ``metres``, closest first."""
        if self._tree is None:
            return []
        here = self._plane(lon, lat)[0]
        found = self._tree.query_ball_point(here, metres)
        found.sort(key=lambda i: float(np.hypot(*(self._tree.data[i] - here))))
        return [self.ids[i] for i in found]
