"""Maps for premises pages: the location picker, the small detail map and the search map, each
rendered by folium once per language (``maps.reused``) and filled in with this page's values."""

from __future__ import annotations

from bourse.geo import maps


def picker_map(lat: float, lon: float, zoom: int) -> maps.RenderedMap:
    """An empty map; static/js/location-picker.js adds the draggable marker."""
    return maps.reused("picker", _picker, {"lat": lat, "lon": lon, "zoom": zoom})


def _picker(lat, lon, zoom) -> maps.RenderedMap:
    return maps.render(maps.base_map(lat, lon, zoom))


def detail_map(lat: float, lon: float, title: str) -> maps.RenderedMap:
    return maps.reused("detail", _detail, {"lat": lat, "lon": lon}, {"title": title})


def _detail(lat, lon, title) -> maps.RenderedMap:
    import folium  # only where a map is built (bourse.geo.maps)

    fmap = maps.base_map(lat, lon, zoom=17)
    folium.Marker([lat, lon], tooltip=title).add_to(fmap)
    return maps.render(fmap)


def search_map(lat: float, lon: float, zoom: int, bounds=None) -> maps.RenderedMap:
    """The search map: markers come from the JSON API for the visible box (static/js/premises-map.js)."""
    edges = dict(south=bounds.min_lat, west=bounds.min_lon, north=bounds.max_lat, east=bounds.max_lon) if bounds \
        else dict(south=None, west=None, north=None, east=None)
    return maps.reused("search", _search, {"lat": lat, "lon": lon, "zoom": zoom, **edges})


def _search(lat, lon, zoom, south, west, north, east) -> maps.RenderedMap:
    from folium.plugins import MarkerCluster

    fmap = maps.base_map(lat, lon, zoom)
    if south is not None:
        fmap.fit_bounds([[south, west], [north, east]], max_zoom=16, padding=(24, 24))
    MarkerCluster(name="premises").add_to(fmap)
    return maps.render(fmap)
