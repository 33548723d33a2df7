"""Folium maps rendered with Leaflet served from ``static/``, never from a CDN.

Folium ships with CDN addresses for Leaflet and friends. Each element's assets are
replaced by local copies here; an element needing a library we do not serve makes
rendering fail loudly instead of silently reaching a third party.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
from branca.element import Element
from flask import current_app, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

# folium asset name -> file under static/
LOCAL_ASSETS = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "markerclusterjs": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "leaflet_geoman_js": "vendor/leaflet-geoman/leaflet-geoman.js",
    "leaflet_geoman_css": "vendor/leaflet-geoman/leaflet-geoman.css",
}
# Libraries folium lists by default that Bourse's maps do not use.
UNUSED_ASSETS = {"jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                 "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css"}


@dataclass(frozen=True)
class RenderedMap:
    """The pieces a page template needs to show a map."""

    html: Markup
    script: Markup
    js: tuple[str, ...]
    css: tuple[str, ...]
    name: str  # the global JavaScript variable holding the Leaflet map


def label(text: str) -> str:
    """Text safe inside folium's tooltip and popup markup (HTML in a JS template literal)."""
    return str(escape(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def base_map(lat: float, lon: float, zoom: int) -> folium.Map:
    """An empty map on the configured tile server, with its attribution."""
    fmap = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, control_scale=True,
                      width="100%", height="100%")
    folium.TileLayer(
        tiles=current_app.config["TILE_URL"],
        # "contributors" in the page's language; the rest of the notice is names and links.
        attr=current_app.config["TILE_ATTRIBUTION"].replace("contributors", gettext("contributors")),
        name="OpenStreetMap",
        max_zoom=19,
    ).add_to(fmap)
    return fmap


def _elements(element: Element):
    yield element
    for child in element._children.values():
        yield from _elements(child)


def _local_assets(fmap: folium.Map, attribute: str) -> tuple[str, ...]:
    urls: list[str] = []
    for element in _elements(fmap):
        for name, _cdn_url in getattr(element, attribute, []):
            if name in UNUSED_ASSETS:
                continue
            if name not in LOCAL_ASSETS:
                raise LookupError(f"map asset {name!r} is not served from static/")
            url = url_for("static", filename=LOCAL_ASSETS[name])
            if url not in urls:
                urls.append(url)
        # Stop folium from adding the CDN links to a header we never send anyway.
        if hasattr(element, attribute):
            setattr(element, attribute, [])
    return tuple(urls)


def render(fmap: folium.Map) -> RenderedMap:
    """Render ``fmap`` into HTML and script fragments plus the local assets they need."""
    js = _local_assets(fmap, "default_js")
    css = _local_assets(fmap, "default_css")
    root = fmap.get_root()
    root.render()
    # Folium's own output: every text it carries went through label() (escaped for HTML inside a
    # JavaScript template literal), coordinates are numbers, and the tile URL comes from the config.
    html, script = root.html.render(), root.script.render()
    return RenderedMap(
        html=Markup(html), script=Markup(script), js=js, css=css,  # nosec B704
        name=fmap.get_name(),
    )
