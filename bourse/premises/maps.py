"""Maps for premises pages: the location picker and the small detail map."""

from __future__ import annotations

import folium
from folium.plugins import MarkerCluster

from bourse.geo import maps


def picker_map(lat: float, lon: float, zoom: int) -> maps.RenderedMap:
    """An empty map; static/js/location-picker.js adds the draggable marker."""
    return maps.render(maps.base_map(lat, lon, zoom))


def detail_map(lat: float, lon: float, title: str) -> maps.RenderedMap:
    fmap = maps.base_map(lat, lon, zoom=17)
    folium.Marker([lat, lon], tooltip=maps.label(title)).add_to(fmap)
    return maps.render(fmap)


def search_map(lat: float, lon: float, zoom: int, bounds=None) -> maps.RenderedMap:
    """The search map: markers come from the JSON API for the visible box (static/js/premises-map.js)."""
    fmap = maps.base_map(lat, lon, zoom)
    if bounds is not None:
        fmap.fit_bounds([[bounds.min_lat, bounds.min_lon], [bounds.max_lat, bounds.max_lon]], max_zoom=16,
                        padding=(24, 24))
    MarkerCluster(name="premises").add_to(fmap)
    return maps.render(fmap)
