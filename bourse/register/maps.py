"""The register's maps: the units by state (drawn by the page's script), and the perimeter editor."""

from __future__ import annotations

from bourse.geo import maps

# One colour per state, shared by the map's dots and the legend beside it.
COLOURS = {"occupied": "#1f6f43", "vacant": "#a11a1a", "works": "#b5835a", "gone": "#5a5a60", "unknown": "#8a8a90"}


def register_map(lat: float, lon: float, zoom: int = 16, fit=None) -> maps.RenderedMap:
    """The register map: empty in the page; static/js/register-map.js draws the units of the
    visible box from the JSON endpoint, coloured by state. ``fit``: a box to open on instead."""
    fmap = maps.base_map(lat, lon, zoom=zoom)
    if fit is not None:
        fmap.fit_bounds([[fit.min_lat, fit.min_lon], [fit.max_lat, fit.max_lon]], max_zoom=18)
    return maps.render(fmap)


def perimeter_editor(lat: float, lon: float) -> maps.RenderedMap:
    """A map to draw polygons on (Leaflet-Geoman): the page's script loads the current drawing into
    it and writes every change back into the form."""
    from folium.plugins import GeoMan  # folium only where a map is built (bourse.geo.maps)

    fmap = maps.base_map(lat, lon, zoom=15)
    GeoMan(position="topleft", drawMarker=False, drawCircleMarker=False, drawPolyline=False, drawCircle=False,
           drawText=False, cutPolygon=False, rotateMode=False).add_to(fmap)
    return maps.render(fmap)
