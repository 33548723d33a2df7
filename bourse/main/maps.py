"""The home page map: every town, with Auray-style town-centre perimeters."""

from __future__ import annotations

from flask_babel import ngettext

from bourse.geo import maps, point_coords
from bourse.geo.geojson import geometry_to_geojson
from bourse.main.services import TownSummary

FRANCE_CENTRE = (46.6, 2.4)


def towns_map(summaries: list[TownSummary]) -> maps.RenderedMap:
    points, outlines = [], []
    for summary in summaries:
        lon, lat = point_coords(summary.town.centre)
        points.append((lon, lat, "{} — {}".format(summary.town.name, ngettext(
            "%(num)d premises available", "%(num)d premises available", summary.published))))
        perimeter = geometry_to_geojson(summary.town.perimeter)
        if perimeter:
            outlines.append(perimeter)
    shell = maps.reused("towns", _shell, {"lat": FRANCE_CENTRE[0], "lon": FRANCE_CENTRE[1]})
    return maps.with_features(shell, points, outlines)


def _shell(lat, lon) -> maps.RenderedMap:
    return maps.render(maps.base_map(lat, lon, zoom=5))
