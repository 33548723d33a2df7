"""Town rules: create, update and seed the reference towns."""

from __future__ import annotations

import re
from typing import Callable

from flask_babel import lazy_gettext as _l
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy.exc import IntegrityError

from bourse.domain import Conflict, DomainError
from bourse.extensions import db
from bourse.geo import make_point
from bourse.geo.types import to_multipolygon
from bourse.towns.data import AURAY_CENTRE_PERIMETER, REFERENCE_TOWNS
from bourse.towns.models import Town

# Five characters: two digits (or 2A/2B for Corsica) then three digits.
INSEE_CODE = re.compile(r"^(\d{2}|2[AB])\d{3}$")


class TownError(DomainError):
    """A refused town change."""


class TownConflict(TownError, Conflict):
    """Another town already has this INSEE code."""


def list_towns() -> list[Town]:
    return list(db.session.scalars(db.select(Town).order_by(Town.name)))


def get_town(town_id: int) -> Town | None:
    return db.session.get(Town, town_id)


def save_town(
    town: Town | None, *, name: str, insee_code: str, department_code: str, department_name: str,
    lon: float, lat: float, perimeter: BaseGeometry | None,
) -> Town:
    """Create (``town`` None) or update a town.

    :raises TownError: for a malformed INSEE code, a bad centre or a duplicate code.
    """
    insee_code = insee_code.strip().upper()
    if not INSEE_CODE.match(insee_code):
        raise TownError(_l("An INSEE code has five characters, e.g. 56007."), field="insee_code")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise TownError(_l("The centre must be a longitude and latitude in degrees."), field="lat")
    if perimeter is not None and not perimeter.buffer(0.05).contains(Point(lon, lat)):
        raise TownError(_l("The perimeter must lie around the town centre."), field="perimeter")
    town = town or Town()
    town.name = name.strip()
    town.insee_code = insee_code
    town.department_code = department_code.strip().upper()
    town.department_name = department_name.strip()
    town.centre = make_point(lon, lat)
    town.perimeter = to_multipolygon(perimeter) if perimeter is not None else None
    db.session.add(town)
    try:
        db.session.flush()
    except IntegrityError:
        raise TownConflict(_l("A town with this INSEE code already exists."), field="insee_code") from None
    return town


def seed_reference_towns(progress: Callable[[str], None] = lambda _msg: None) -> list[Town]:
    """Insert the reference towns that are missing; existing ones are left as they are."""
    existing = {t.insee_code: t for t in db.session.scalars(db.select(Town))}
    towns = []
    for record in REFERENCE_TOWNS:
        town = existing.get(record.insee_code)
        if town is None:
            perimeter = shape(AURAY_CENTRE_PERIMETER) if record.insee_code == "56007" else None
            town = Town(
                name=record.name, insee_code=record.insee_code, department_code=record.department_code,
                department_name=record.department_name, centre=make_point(record.lon, record.lat),
                perimeter=to_multipolygon(perimeter) if perimeter is not None else None,
            )
            db.session.add(town)
            progress(f"town {record.name} ({record.insee_code}) added")
        towns.append(town)
    db.session.flush()
    return towns



def delete_town(town: Town) -> None:
    """Delete a town that nothing refers to yet.

    :raises TownError: when premises are listed in it; their history must be kept.
    """
    db.session.delete(town)
    try:
        # Premises refer to their town with ON DELETE RESTRICT: the database refuses for us, and
        # towns need not know about premises, which sit above them.
        db.session.flush()
    except IntegrityError:
        raise TownError(_l("This town has premises; it cannot be deleted.")) from None
