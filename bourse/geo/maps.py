"""Folium maps rendered with Leaflet served from ``static/``, never from a CDN.

Folium ships with CDN addresses for Leaflet and friends. Each element's assets are
replaced by local copies here; an element needing a library we do not serve makes
rendering fail loudly instead of silently reaching a third party.

Folium (with branca and its templates, about 12 MB) is imported by the functions that build a
map, not with this module: most maps are built once per worker and reused (``reused``), so a
worker that never builds one never holds it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

from flask import current_app, url_for
from flask_babel import get_locale, gettext
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

if TYPE_CHECKING:
    import folium
    from branca.element import Element

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
    # Markers and outlines as one GeoJSON FeatureCollection (JSON text), drawn by static/js/map-markers.js
    markers: Markup | None = None


def label(text: str) -> str:
    """Text safe inside folium's tooltip and popup markup (HTML in a JS template literal)."""
    return str(escape(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def base_map(lat: float, lon: float, zoom: int) -> folium.Map:
    """An empty map on the configured tile server, with its attribution."""
    import folium

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


def with_features(rendered: RenderedMap, points: list[tuple[float, float, str]], outlines: list[dict] = (),
                  fit: bool = False) -> RenderedMap:
    """``rendered`` with markers (lon, lat, label as plain text) and outlines (GeoJSON geometries)
    travelling as data: one layer drawn in the browser, instead of a folium element (and a Jinja
    template rendered) per marker. ``fit``: the map opens on the markers."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                 "properties": {"label": text}} for lon, lat, text in points]
    features += [{"type": "Feature", "geometry": geometry, "properties": {"outline": True}} for geometry in outlines]
    data = {"type": "FeatureCollection", "features": features, "fit": fit and len(points) > 1}
    return replace(rendered, markers=htmlsafe_json_dumps(data))


_SHELLS: dict[tuple, tuple[RenderedMap, dict, dict]] = {}
_SHELLS_LOCK = threading.Lock()


def reused(kind: str, build: Callable[..., RenderedMap], numbers: dict[str, float | None],
           texts: dict[str, str] | None = None) -> RenderedMap:
    """``build(**numbers, **texts)``, rendered by folium once per kind, language and tile server.

    Folium builds and renders every element through Jinja on each call (about 5 ms a map, more per
    marker). The first call renders with placeholder values; later calls copy that text and put
    their own numbers (coordinates, zoom, bounds) and texts (escaped with ``label``) in place. A
    number given as None leaves its element out, as a shell of its own (``build`` decides).
    """
    texts = texts or {}
    key = (kind, str(get_locale()), current_app.config["TILE_URL"], current_app.config["TILE_ATTRIBUTION"],
           tuple(sorted(name for name, value in numbers.items() if value is None)), tuple(sorted(texts)))
    shell = _SHELLS.get(key)
    if shell is None:
        placeholder_numbers = {name: None if value is None else 90001.0 + i + 0.123457
                               for i, (name, value) in enumerate(sorted(numbers.items()))}
        placeholder_texts = {name: f"BOURSEPLACEHOLDER{i}X" for i, name in enumerate(sorted(texts))}
        shell = (build(**placeholder_numbers, **placeholder_texts), placeholder_numbers, placeholder_texts)
        with _SHELLS_LOCK:
            _SHELLS[key] = shell
    rendered, placeholder_numbers, placeholder_texts = shell
    html, script = str(rendered.html), str(rendered.script)
    for name, placeholder in placeholder_numbers.items():
        if placeholder is not None:
            script = script.replace(repr(placeholder), repr(float(numbers[name])))
    for name, placeholder in placeholder_texts.items():
        script = script.replace(placeholder, label(texts[name]))
    # Every substituted value is a float's repr or went through label(): as safe as folium's own output.
    return replace(rendered, html=Markup(html), script=Markup(script))  # nosec B704
