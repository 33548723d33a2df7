"""The register map: one dot per unit, its colour and its label saying its state."""

from __future__ import annotations

import folium
from folium.plugins import GeoMan

from bourse.geo import maps, point_coords

COLOURS = {"occupied": "#1f6f43", "vacant": "#a11a1a", "works": "#b5835a", "gone": "#5a5a60", None: "#5a5a60"}


def register_map(lat: float, lon: float, units, labels) -> maps.RenderedMap:
    fmap = maps.base_map(lat, lon, zoom=16)
    for now in units:
        ulon, ulat = point_coords(now.unit.location)
        label = maps.label(f"{now.unit.address or now.unit.name or '—'} — {labels.get(now.state, '—')}")
        folium.CircleMarker([ulat, ulon], radius=6, color=COLOURS.get(now.state, COLOURS[None]), fill=True,
                            fill_opacity=0.9, tooltip=label).add_to(fmap)
    return maps.render(fmap)


def perimeter_editor(lat: float, lon: float) -> maps.RenderedMap:
    """A map to draw polygons on (Leaflet-Geoman): the page's script loads the current drawing into
    it and writes every change back into the form."""
    fmap = maps.base_map(lat, lon, zoom=15)
    GeoMan(position="topleft", drawMarker=False, drawCircleMarker=False, drawPolyline=False, drawCircle=False,
           drawText=False, cutPolygon=False, rotateMode=False).add_to(fmap)
    return maps.render(fmap)
