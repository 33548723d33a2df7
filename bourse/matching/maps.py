"""The map of the spaces that fit a project: its top matches, each with its score."""

from __future__ import annotations

from bourse.geo import maps, point_coords
from bourse.projects.models import Project


def spaces_map(project: Project, matches) -> maps.RenderedMap:
    points = [point_coords(m.premises.location) for m in matches]
    centre = point_coords(project.location) if project.location is not None else (
        points[0] if points else point_coords(project.towns[0].centre) if project.towns else (2.4, 46.6))
    shell = maps.reused("spaces", _shell, {"lat": centre[1], "lon": centre[0]})
    # Tooltips only (the list beside the map carries the links); the browser opens the map on them.
    return maps.with_features(shell, [(lon, lat, f"{match.score:.0f}/100 — {match.premises.title}")
                                      for (lon, lat), match in zip(points, matches)], fit=True)


def _shell(lat, lon) -> maps.RenderedMap:
    return maps.render(maps.base_map(lat, lon, zoom=14))
