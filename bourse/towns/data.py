"""Reference towns: real communes with their INSEE code and town-hall coordinates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TownRecord:
    name: str
    insee_code: str
    department_code: str
    department_name: str
    lon: float
    lat: float


REFERENCE_TOWNS: tuple[TownRecord, ...] = (
    TownRecord("Auray", "56007", "56", "Morbihan", -2.9810, 47.6680),
    TownRecord("Vannes", "56260", "56", "Morbihan", -2.7603, 47.6582),
    TownRecord("Lorient", "56121", "56", "Morbihan", -3.3702, 47.7482),
    TownRecord("Quimper", "29232", "29", "Finistère", -4.1024, 47.9960),
    TownRecord("Saint-Brieuc", "22278", "22", "Côtes-d'Armor", -2.7603, 48.5136),
    TownRecord("Chalon-sur-Saône", "71076", "71", "Saône-et-Loire", 4.8532, 46.7808),
    TownRecord("Thionville", "57672", "57", "Moselle", 6.1683, 49.3579),
    TownRecord("Nevers", "58194", "58", "Nièvre", 3.1590, 46.9908),
    TownRecord("Montluçon", "03185", "03", "Allier", 2.6036, 46.3404),
    TownRecord("Vierzon", "18279", "18", "Cher", 2.0686, 47.2220),
    TownRecord("Béziers", "34032", "34", "Hérault", 3.2158, 43.3442),
    TownRecord("Calais", "62193", "62", "Pas-de-Calais", 1.8587, 50.9513),
)

# Auray's town centre as drawn for the demo: Place de la République and the streets around
# it down to the port of Saint-Goustan, across the Loch. (lon, lat) pairs, closed ring.
AURAY_CENTRE_PERIMETER = {
    "type": "Polygon",
    "coordinates": [[
        [-2.9905, 47.6712], [-2.9846, 47.6726], [-2.9790, 47.6712], [-2.9745, 47.6683],
        [-2.9748, 47.6652], [-2.9790, 47.6640], [-2.9850, 47.6648], [-2.9900, 47.6668],
        [-2.9905, 47.6712],
    ]],
}
