"""The map of the spaces that fit a project: its top matches, each with its score."""

from __future__ import annotations

import folium

from bourse.geo import maps, point_coords
from bourse.projects.models import Project


def spaces_map(project: Project, matches) -> maps.RenderedMap:
    points = [point_coords(m.premises.location) for m in matches]
    centre = point_coords(project.location) if project.location is not None else (
        points[0] if points else point_coords(project.towns[0].centre) if project.towns else (2.4, 46.6))
    fmap = maps.base_map(centre[1], centre[0], zoom=14)
    # Tooltips only: folium's HTML popups need jQuery, which Bourse does not ship; the list
    # beside the map carries the links.
    for (lon, lat), match in zip(points, matches):
        label = maps.label(f"{match.score:.0f}/100 — {match.premises.title}")
        folium.Marker([lat, lon], tooltip=label, title=label).add_to(fmap)
    if len(points) > 1:
        lons, lats = zip(*points)
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=17, padding=(30, 30))
    return maps.render(fmap)
