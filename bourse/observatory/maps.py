"""The observatory's public map: vacancy by zone, or by cells of about 100 m where there are no
zones, inside the perimeter; never a unit."""

from __future__ import annotations

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select

from bourse.extensions import db
from bourse.geo import maps
from bourse.geo.grid import cells
from bourse.geo.geojson import geometry_to_geojson
from bourse.observatory.figures import Figures
from bourse.observatory.runs import COUNTED, VACANT, covering, in_scope
from bourse.register.models import Spell, Unit

CELL_METRES = 100
FEWEST_IN_A_CELL = 5  # fewer units would let a reader point at one shop
# Light to dark red as the vacancy rate grows.
SHADES = ((0.05, "#fde0d2"), (0.10, "#f9a98b"), (0.15, "#ee6a50"), (1.01, "#a11a1a"))


def shade(rate: float | None) -> str:
    if rate is None:
        return "#cccccc"
    return next(colour for limit, colour in SHADES if rate < limit)


def _style(colour: str) -> dict:
    return {"fillColor": colour, "color": "#5a5a60", "weight": 1, "fillOpacity": 0.6}


def _label(name: str, units: int, vacant: int) -> str:
    rate = f"{vacant / units * 100:.1f} %" if units else "—"
    return maps.label(_("%(name)s: %(vacant)d vacant of %(units)d units (%(rate)s)", name=name, vacant=vacant,
                        units=units, rate=rate))


def _add(fmap, geometry: dict, colour: str, tooltip: str) -> None:
    import folium  # only where a map is built (bourse.geo.maps)

    folium.GeoJson({"type": "Feature", "geometry": geometry, "properties": {}},
                   style_function=lambda _feature, colour=colour: _style(colour), tooltip=tooltip).add_to(fmap)


def observatory_map(figures: Figures) -> maps.RenderedMap:
    import folium

    scope = figures.scope
    min_lon, min_lat, max_lon, max_lat = scope.area.bounds
    fmap = maps.base_map((min_lat + max_lat) / 2, (min_lon + max_lon) / 2, zoom=15)
    fmap.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    folium.GeoJson({"type": "Feature", "geometry": geometry_to_geojson(scope.perimeter.area), "properties": {}},
                   style_function=lambda _feature: {"fill": False, "color": "#20477a", "weight": 2}).add_to(fmap)
    if figures.zones:
        for zone in figures.zones:
            _add(fmap, geometry_to_geojson(zone.zone.area), shade(zone.rate), _label(zone.zone.name, zone.units, zone.vacant))
    else:
        for cell in _cells(figures):
            square = {"type": "Polygon", "coordinates": [[[cell.min_lon, cell.min_lat], [cell.max_lon, cell.min_lat],
                      [cell.max_lon, cell.max_lat], [cell.min_lon, cell.max_lat], [cell.min_lon, cell.min_lat]]]}
            _add(fmap, square, shade(cell.flagged / cell.points), _label(_("This area"), cell.points, cell.flagged))
    return maps.render(fmap)


def _cells(figures: Figures):
    rows = db.session.execute(select(func.ST_X(Unit.location), func.ST_Y(Unit.location), Spell.state)
                              .join(Unit, Unit.id == Spell.unit_id)
                              .where(in_scope(figures.scope), covering(figures.day.toordinal()),
                                     Spell.state.in_(COUNTED))).all()
    points = np.array([(r[0], r[1]) for r in rows], dtype=float).reshape(-1, 2)
    vacant = np.array([r[2] == VACANT for r in rows], dtype=bool)
    return cells(points[:, 0], points[:, 1], vacant, CELL_METRES, FEWEST_IN_A_CELL)


def impact_map(result) -> maps.RenderedMap:
    """The point studied, its 100, 300 and 500 m rings, and the businesses of the same trade (red)
    and of the same class (orange) inside them."""
    from bourse.observatory.impact import RADII
    from bourse.sectors import SECTORS_BY_CODE
    import folium

    fmap = maps.base_map(result.lat, result.lon, zoom=16)
    for metres in RADII:
        folium.Circle([result.lat, result.lon], radius=metres, color="#20477a", weight=1, fill=False,
                      tooltip=maps.label(_("%(n)d m", n=metres))).add_to(fmap)
    folium.CircleMarker([result.lat, result.lon], radius=7, color="#20477a", fill=True, fill_opacity=1,
                        tooltip=maps.label(_("The place studied"))).add_to(fmap)
    nearby = result.nearby
    # One layer for every business (one map element each would cost more than the whole study).
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                 "properties": {"same": bool(sector == result.sector),
                                "label": maps.label(str(SECTORS_BY_CODE[sector].label) if sector in SECTORS_BY_CODE
                                                    else _("Trade not recorded"))}}
                for sector, lon, lat in zip(nearby.sectors, nearby.lon, nearby.lat)]
    if features:
        folium.GeoJson({"type": "FeatureCollection", "features": features},
                       marker=folium.CircleMarker(radius=5, fill=True, fill_opacity=0.9),
                       style_function=lambda feature: {"color": "#a11a1a" if feature["properties"]["same"] else "#d9822b",
                                                       "fillColor": "#a11a1a" if feature["properties"]["same"]
                                                       else "#d9822b"},
                       tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)).add_to(fmap)
    fmap.fit_bounds([[result.lat - 0.0046, result.lon - 0.0068], [result.lat + 0.0046, result.lon + 0.0068]])
    return maps.render(fmap)
