"""The home page map: every town, with Auray-style town-centre perimeters."""

from __future__ import annotations

import folium
from flask_babel import ngettext

from bourse.geo import maps, point_coords
from bourse.geo.geojson import geometry_to_geojson
from bourse.main.services import TownSummary

FRANCE_CENTRE = (46.6, 2.4)


def towns_map(summaries: list[TownSummary]) -> maps.RenderedMap:
    fmap = maps.base_map(*FRANCE_CENTRE, zoom=5)
    for summary in summaries:
        lon, lat = point_coords(summary.town.centre)
        text = "{} — {}".format(
            summary.town.name,
            ngettext("%(num)d premises available", "%(num)d premises available", summary.published),
        )
        folium.Marker([lat, lon], tooltip=maps.label(text)).add_to(fmap)
        perimeter = geometry_to_geojson(summary.town.perimeter)
        if perimeter:
            folium.GeoJson(perimeter, style_function=lambda _f: {"color": "#b5451b", "weight": 2}).add_to(fmap)
    return maps.render(fmap)
