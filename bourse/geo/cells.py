"""Fixed square cells for map clusters: one grid per level, the same for every request.

Level ``L`` cuts longitude and latitude into steps of ``4° / 2**L``. A map box is answered at
the level where it spans about ``ACROSS`` cells, its edges snapped outward to that grid, so two
maps a few pixels apart ask the same question and an HTTP cache can answer the second. Levels up
to ``STORED_LEVELS`` (all of them) are kept counted in ``premises_map_cells`` by database triggers
(migration 0023): a country, a region or a crowded street reads a few hundred rows whatever the
number of premises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bourse.geo.queries import BBox

BASE_DEGREES = 4.0
ACROSS = 25  # cells covering a box each way, at most
FINEST_LEVEL = 14  # 0.00024°, about 20 m: the street; no map box is answered finer
STORED_LEVELS = FINEST_LEVEL  # every level kept counted by triggers: any box reads at most 25 × 25 cells


def size(level: int) -> float:
    return BASE_DEGREES / 2 ** level


def _span(low: float, high: float, step: float) -> tuple[int, int]:
    """First and last cell of ``[low, high]``; an edge lying on a cell boundary adds no cell
    (within a millionth of a cell: boxes sent back as printed decimals)."""
    first = math.floor(low / step + 1e-6)
    return first, max(first, math.ceil(high / step - 1e-6) - 1)


def level_for(box: BBox) -> int:
    """The finest level at which ``box`` is covered by at most ``ACROSS`` cells each way.

    Counting covering cells (not dividing the span) makes snapping idempotent: a box snapped at
    its level is answered at the same level, so the browser can send snapped boxes as URLs."""
    for level in range(FINEST_LEVEL, 0, -1):
        step = size(level)
        (x0, x1), (y0, y1) = _span(box.min_lon, box.max_lon, step), _span(box.min_lat, box.max_lat, step)
        if x1 - x0 < ACROSS and y1 - y0 < ACROSS:
            return level
    return 0


@dataclass(frozen=True)
class CellRange:
    """The cells of one level that cover a box: ``x0..x1`` by ``y0..y1``, inclusive."""

    level: int
    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def covering(cls, box: BBox, level: int | None = None) -> "CellRange":
        level = level_for(box) if level is None else level
        step = size(level)
        (x0, x1), (y0, y1) = _span(box.min_lon, box.max_lon, step), _span(box.min_lat, box.max_lat, step)
        return cls(level, x0, y0, x1, y1)

    @property
    def box(self) -> BBox:
        """The box snapped outward to whole cells (clamped to the globe)."""
        step = size(self.level)
        return BBox(max(-180.0, self.x0 * step), max(-90.0, self.y0 * step),
                    min(180.0, (self.x1 + 1) * step), min(90.0, (self.y1 + 1) * step))
