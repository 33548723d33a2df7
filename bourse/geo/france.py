"""Is a point in France? Boxes around metropolitan France, Corsica and the overseas départements.

Boxes are deliberately a little generous: the precise check is the town's own perimeter or radius.
"""

from __future__ import annotations

import math

from bourse.geo.queries import BBox

FRANCE_BOXES = (
    BBox(-5.3, 42.3, 8.3, 51.2),    # metropolitan France
    BBox(8.5, 41.3, 9.7, 43.1),     # Corsica
    BBox(-61.9, 15.8, -60.9, 16.6),  # Guadeloupe
    BBox(-61.3, 14.3, -60.7, 14.9),  # Martinique
    BBox(-54.7, 2.1, -51.5, 5.9),   # Guyane
    BBox(55.2, -21.4, 55.9, -20.8),  # La Réunion
    BBox(44.9, -13.1, 45.4, -12.5),  # Mayotte
)


def in_france(lon: float, lat: float) -> bool:
    return any(b.min_lon <= lon <= b.max_lon and b.min_lat <= lat <= b.max_lat for b in FRANCE_BOXES)


def distance_metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance on the mean Earth radius (for validation, not for queries)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))
