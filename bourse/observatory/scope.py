"""What a figure covers: a town's units inside the perimeter version in force, or one of its zones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import ColumnElement, Select

from bourse import geo
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.geo.types import to_geometry
from bourse.premises.models import Premises
from bourse.register.models import Perimeter, Unit, Zone
from bourse.towns.models import Town


@dataclass(frozen=True)
class Scope:
    town: Town
    perimeter: Perimeter | None  # None: the town has not validated one, and there are no figures
    zone: Zone | None = None

    @property
    def area(self):
        """The shapely area the units must lie in."""
        return to_geometry((self.zone or self.perimeter).area)

    def unit_ids(self) -> Select:
        """The ids of the units inside, for ``IN (…)``: the spatial index finds them."""
        return db.select(Unit.id).where(Unit.town_id == self.town.id,
                                        geo.inside_area(Unit.location, Unit.id, self.area))

    @cached_property
    def members(self) -> list[int]:
        """The units inside, found once: a page asks a dozen questions of the same units, and the
        spatial test would otherwise run for each."""
        return list(db.session.scalars(self.unit_ids()))

    @cached_property
    def premises(self) -> list[int]:
        """The listings inside (any status), found once for the funnel, the trials and the lettings."""
        return list(db.session.scalars(db.select(Premises.id).where(
            Premises.town_id == self.town.id, geo.inside_area(Premises.location, Premises.id, self.area))))

    def holds(self, column) -> ColumnElement[bool]:
        """``column`` is one of the units inside."""
        return geo.among(column, self.members)


def perimeter_in_force(town_id: int) -> Perimeter | None:
    return db.session.scalar(db.select(Perimeter).where(Perimeter.town_id == town_id)
                             .order_by(Perimeter.version.desc()).limit(1))


def scope_of(town: Town, zone_id: int | None = None) -> Scope:
    """:raises NotFound: for a zone that is not one of the perimeter in force."""
    perimeter = perimeter_in_force(town.id)
    if zone_id is None:
        return Scope(town, perimeter)
    zone = db.session.get(Zone, zone_id)
    if perimeter is None or zone is None or zone.perimeter_id != perimeter.id:
        raise NotFound()
    return Scope(town, perimeter, zone)
