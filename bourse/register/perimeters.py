"""The town-centre perimeter a town validates, version by version, with its named zones.

A manager draws or imports a drawing (GeoJSON: the perimeter, and zones named inside it); once it
passes the checks it is validated as the next version, kept with who validated it and when. The
town's current perimeter is the latest version; earlier ones stay for the figures that used them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from bourse.domain import NotFound
from bourse.extensions import db
from bourse.geo import areas, point_coords
from bourse.geo.types import to_multipolygon
from bourse.register.models import Perimeter, Zone
from bourse.register.services import RegisterError, managed_town
from bourse.timeutil import utcnow

PROBLEMS = {
    "json": _l("The drawing is not valid GeoJSON."),
    "geojson": _l("The file must be a GeoJSON polygon, feature or feature collection."),
    "not_polygon": _l("Shape %(n)s is a %(s)s: a perimeter and its zones are polygons."),
    "coordinates": _l("Shape %(n)s has malformed coordinates."),
    "empty": _l("Shape %(n)s is empty."),
    "invalid": _l("Shape %(n)s is not a valid polygon (%(s)s): its outline must not cross itself."),
    "outside_france": _l("Shape %(n)s is not in France (longitude and latitude swapped?)."),
    "no_perimeter": _l("Draw the perimeter itself, not only zones."),
    "too_large": _l("The perimeter covers %(s)s km²: a town centre is much smaller."),
    "outside_town": _l("The perimeter is %(s)s km from the town's centre: is it the right town?"),
    "zone_name": _l("Every zone needs a name."),
    "zone_twice": _l("Two zones are called “%(s)s”."),
    "zone_outside": _l("The zone “%(s)s” reaches outside the perimeter."),
}


def message(problem: areas.AreaProblem) -> str:
    return str(PROBLEMS[problem.code]) % {"n": problem.number, "s": problem.detail}


def validate(actor, town_id: int, text: str, source: str = "drawn") -> Perimeter:
    """Check the drawing and keep it as the town's next perimeter version.

    :raises NotFound: unless ``actor`` manages the town.
    :raises RegisterError: with what is wrong with the drawing.
    """
    town = managed_town(actor, town_id)
    try:
        drawing = areas.parse(text, point_coords(town.centre))
    except areas.AreaProblem as problem:
        raise RegisterError(message(problem), field="drawing") from None
    latest = db.session.scalar(db.select(func.max(Perimeter.version)).where(Perimeter.town_id == town.id)) or 0
    perimeter = Perimeter(town_id=town.id, version=latest + 1, area=to_multipolygon(drawing.perimeter),
                          source=source if source in ("drawn", "file") else "drawn", validated_by=actor.id,
                          validated_at=utcnow())
    db.session.add(perimeter)
    db.session.flush()
    db.session.add_all(Zone(perimeter_id=perimeter.id, name=name, area=to_multipolygon(area))
                       for name, area in drawing.zones)
    town.perimeter = perimeter.area  # the current one, where the rest of Bourse reads it
    db.session.flush()
    return perimeter


def current(town_id: int) -> Perimeter | None:
    return db.session.scalar(db.select(Perimeter).where(Perimeter.town_id == town_id)
                             .order_by(Perimeter.version.desc()).limit(1))


def versions(town_id: int) -> list[Perimeter]:
    return list(db.session.scalars(db.select(Perimeter).where(Perimeter.town_id == town_id)
                                   .order_by(Perimeter.version.desc())))


def managed_perimeter(actor, perimeter_id: int) -> Perimeter:
    """:raises NotFound: for a missing version, or one of a town ``actor`` does not manage."""
    perimeter = db.session.get(Perimeter, perimeter_id)
    if perimeter is None:
        raise NotFound()
    managed_town(actor, perimeter.town_id)
    return perimeter
