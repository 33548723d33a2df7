"""Premises rules: creating, editing, the status life cycle and its time-stamped history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from shapely.geometry import Point
from sqlalchemy.exc import IntegrityError

from bourse import storage
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import Conflict, NotFound
from bourse.extensions import db
from bourse.geo import make_point
from bourse.geo.france import distance_metres, in_france
from bourse.geo.types import point_coords, to_geometry
from bourse.premises import lifecycle
from bourse.premises.errors import PremisesError
from bourse.premises.models import Premises, PremisesStatus
from bourse.premises.rules import require_manage
from bourse.sectors import SECTOR_CODES
from bourse.towns.models import Town

# A town without a drawn perimeter accepts points this close to its centre.
TOWN_RADIUS_METRES = 15_000

@dataclass
class PremisesData:
    """Everything a landlord types about premises; ``rent_per_m2`` is derived, never typed."""

    title: str
    town: Town
    address: str
    lon: float
    lat: float
    sales_area_m2: Decimal
    deal_type: str
    description: str = ""
    storage_area_m2: Decimal | None = None
    total_area_m2: Decimal | None = None
    floor: int = 0
    frontage_m: Decimal | None = None
    rent_per_year: Decimal | None = None
    charges_per_year: Decimal | None = None
    deposit: Decimal | None = None
    key_money: Decimal | None = None
    lease_types: list[str] = field(default_factory=list)
    allowed_sectors: list[str] = field(default_factory=list)
    excluded_sectors: list[str] = field(default_factory=list)
    has_extraction: bool = False
    step_free_access: bool = False
    erp_compliant: bool = False
    dpe_class: str | None = None
    available_from: date | None = None


def towns_for(user: User) -> list[Town]:
    """Towns in which ``user`` may post premises."""
    if user.has_role(Role.TOWN_MANAGER):
        return list(user.towns)
    return list(db.session.scalars(db.select(Town).order_by(Town.name)))


def check_location(town: Town, lon: float, lat: float) -> None:
    """:raises PremisesError: when the point is outside France or outside ``town``."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise PremisesError(_l("This position is not a valid longitude and latitude."), field="location")
    if not in_france(lon, lat):
        raise PremisesError(_l("The premises must be in France."), field="location")
    perimeter = to_geometry(town.perimeter)
    if perimeter is not None:
        # a little slack (≈150 m) for a marker dropped on the perimeter's edge
        if not perimeter.buffer(0.002).contains(Point(lon, lat)):
            raise PremisesError(_l("This position is outside the town centre of %(town)s.", town=town.name),
                                field="location")
        return
    centre_lon, centre_lat = point_coords(town.centre)
    if distance_metres(lon, lat, centre_lon, centre_lat) > TOWN_RADIUS_METRES:
        raise PremisesError(_l("This position is too far from %(town)s.", town=town.name), field="location")


DPE_CLASSES = tuple("ABCDEFG")


def check(data: PremisesData) -> None:
    """The rules the form alone cannot check. :raises PremisesError: with the field at fault."""
    if data.total_area_m2 is not None and data.total_area_m2 < data.sales_area_m2:
        raise PremisesError(_l("The total area cannot be smaller than the sales area."), field="total_area_m2")
    if data.deal_type in ("to_let", "lease_transfer") and data.rent_per_year is None:
        raise PremisesError(_l("Give the yearly rent for premises to let."), field="rent_per_year")
    if data.dpe_class is not None and data.dpe_class not in DPE_CLASSES:
        raise PremisesError(_l("Choose an energy class from A to G, or “not known”."), field="dpe_class")
    unknown = set(data.allowed_sectors + data.excluded_sectors) - set(SECTOR_CODES)
    if unknown:
        raise PremisesError(_l("Unknown activity sector."), field="allowed_sectors")
    if set(data.allowed_sectors) & set(data.excluded_sectors):
        raise PremisesError(_l("A sector cannot be both allowed and excluded."), field="excluded_sectors")
    check_location(data.town, data.lon, data.lat)


def _apply(premises: Premises, data: PremisesData) -> None:
    for name, value in vars(data).items():
        if name not in ("lon", "lat"):
            setattr(premises, name, value)
    premises.title = data.title.strip()
    premises.address = data.address.strip()
    premises.location = make_point(data.lon, data.lat)


def reference_prefix(town: Town) -> str:
    return "".join(c for c in town.name.upper() if c.isalpha())[:3] or "LOC"


def next_reference(town: Town) -> str:
    """The next free reference for a town, e.g. ``AUR-0042``."""
    prefix = reference_prefix(town)
    taken = db.session.scalars(db.select(Premises.reference).where(Premises.reference.like(f"{prefix}-%"))).all()
    numbers = [int(r.rsplit("-", 1)[1]) for r in taken if r.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


def create_premises(actor: User, owner: User, data: PremisesData) -> Premises:
    """A new draft. Landlords post their own; town managers post for an owner in their towns.

    :raises PremisesError: for inconsistent values or a position outside the town.
    """
    if data.town not in towns_for(actor):
        raise PremisesError(_l("You cannot post premises in this town."), field="town")
    if owner.id != actor.id and not actor.has_role(Role.TOWN_MANAGER, Role.ADMIN):
        raise PremisesError(_l("You can only post your own premises."), field="owner")
    check(data)
    premises = Premises(owner=owner, reference=next_reference(data.town))
    _apply(premises, data)
    try:
        lifecycle.start(premises, actor)
    except IntegrityError:  # another listing of the town took this reference meanwhile
        raise Conflict(_l("Another listing was saved at the same moment: send it again.")) from None
    return premises


def owner_named(actor: User, email: str | None) -> User:
    """The landlord whose e-mail address ``actor`` gave (``actor`` when none): town managers post on a
    landlord's behalf; landlords only for themselves.

    :raises PremisesError: for a landlord naming someone else, or an address no landlord has.
    """
    email = (email or "").strip().lower()
    if not email or email == actor.email.lower():
        return actor
    if not actor.has_role(Role.TOWN_MANAGER, Role.ADMIN):
        raise PremisesError(_l("You can only post your own premises."), field="owner_email")
    owner = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
    if owner is None or not owner.has_role(Role.LANDLORD):
        raise PremisesError(_l("No landlord has this e-mail address on Bourse."), field="owner_email")
    return owner


def create_many(actor: User, owner: User, rows: list[PremisesData]) -> list[Premises]:
    """``create_premises`` for each of ``rows`` (already checked), with references handed out once per
    town rather than looked up per row (an import of thousands).

    :raises PremisesError: as create_premises.
    """
    if owner.id != actor.id and not actor.has_role(Role.TOWN_MANAGER, Role.ADMIN):
        raise PremisesError(_l("You can only post your own premises."), field="owner")
    allowed = set(towns_for(actor))
    numbers: dict[str, int] = {}
    created = []
    for data in rows:
        if data.town not in allowed:
            raise PremisesError(_l("You cannot post premises in this town."), field="town")
        prefix = reference_prefix(data.town)
        if prefix not in numbers:
            numbers[prefix] = int(next_reference(data.town).rsplit("-", 1)[1]) - 1
        numbers[prefix] += 1
        premises = Premises(owner=owner, reference=f"{prefix}-{numbers[prefix]:04d}")
        _apply(premises, data)
        lifecycle.start(premises, actor)
        created.append(premises)
    db.session.flush()
    return created


def update_premises(actor: User, premises: Premises, data: PremisesData) -> Premises:
    require_manage(actor, premises)
    if data.town.id != premises.town_id and data.town not in towns_for(actor):
        raise PremisesError(_l("You cannot post premises in this town."), field="town")
    check(data)
    _apply(premises, data)
    db.session.flush()
    return premises


def change_status(actor: User, premises: Premises, verb: str) -> Premises:
    """Apply a life-cycle verb from the premises page (publish, mark_under_offer, mark_let, withdraw).

    :raises NotFound: unless ``actor`` manages the premises.
    :raises MoveRefused: for a move the current status does not allow, or a dedicated one.
    """
    require_manage(actor, premises)
    lifecycle.run(premises, actor, verb)
    return premises


def delete_premises(actor: User, premises: Premises) -> None:
    """Delete a draft or withdrawn listing with its photos.

    :raises PremisesError: for listings that were shown publicly and are still live.
    """
    require_manage(actor, premises)
    if PremisesStatus(premises.status) not in lifecycle.DELETABLE:
        raise PremisesError(_l("Withdraw the listing before deleting it."))
    for photo in premises.photos:
        storage.delete_after_commit(photo.storage_key)
    db.session.delete(premises)
    db.session.flush()


def managed_premises(user: User) -> list[Premises]:
    """The listings ``user`` can manage, newest first."""
    query = db.select(Premises).order_by(Premises.updated_at.desc())
    if user.has_role(Role.TOWN_MANAGER):
        query = query.where(Premises.town_id.in_([t.id for t in user.towns]) | (Premises.owner_id == user.id))
    elif not user.has_role(Role.ADMIN):
        query = query.where(Premises.owner_id == user.id)
    return list(db.session.scalars(query))


def get_managed(actor: User, premises_id: int) -> Premises:
    """:raises NotFound: for missing premises, or premises ``actor`` may not manage."""
    premises = db.session.get(Premises, premises_id)
    if premises is None:
        raise NotFound()
    require_manage(actor, premises)
    return premises
