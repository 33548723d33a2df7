"""Keeping the register: units found or made, and observations written, by the platform itself."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l

from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.geo import make_point, point_coords, within_radius
from bourse.premises.models import Premises
from bourse.register.models import Observation, Source, Spell, Unit, UnitListing, UnitState
from bourse.register.spells import spells_of
from bourse.sectors import SECTORS_BY_CODE
from bourse.timeutil import utcnow
from bourse.accounts.roles import Role
from bourse.towns.models import Town
from bourse.towns.shops import require_manage_town

class RegisterError(DomainError):
    """A refused change to the register."""


SAME_UNIT_METRES = 5.0  # two points this close, in one town, are one shop front
# The same address a little further off (a marker dropped by hand) is still that shop; beyond,
# one street number can be two shops, and the map decides.
SAME_ADDRESS_METRES = 50.0


def address_key(address: str) -> str:
    """``"12, Rue du Lait 56400 Auray"`` → ``"12 rue du lait"``: no accents, case, punctuation or
    postcode-and-town tail, so two spellings of one address compare equal."""
    plain = unicodedata.normalize("NFKD", address or "").encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"\b\d{5}\b.*$", "", plain)  # the postcode and what follows (the town)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())[:255]


def unit_for(premises: Premises) -> Unit:
    """The unit this listing is about: already linked, or the one at the same place or address in
    its town, or a new one."""
    link = db.session.get(UnitListing, premises.id)
    if link is not None:
        return db.session.get(Unit, link.unit_id)
    lon, lat = point_coords(premises.location)
    key = address_key(premises.address)
    unit = db.session.scalar(db.select(Unit).where(
        Unit.town_id == premises.town_id, within_radius(Unit.location, Unit.id, lon, lat, SAME_UNIT_METRES))
        .order_by(Unit.id).limit(1))
    if unit is None and key:
        unit = db.session.scalar(db.select(Unit).where(
            Unit.town_id == premises.town_id, Unit.address_key == key,
            within_radius(Unit.location, Unit.id, lon, lat, SAME_ADDRESS_METRES)).order_by(Unit.id).limit(1))
    if unit is None:
        unit = Unit(town_id=premises.town_id, address=premises.address, address_key=key,
                    location=make_point(lon, lat))
        db.session.add(unit)
        db.session.flush()
    db.session.add(UnitListing(premises_id=premises.id, unit_id=unit.id))
    return unit


def observe(unit: Unit, state: UnitState, source: Source, on: date | None = None, sector: str | None = None,
            premises: Premises | None = None, note: str = "", campaign_id: int | None = None,
            naf_code: str | None = None, name: str | None = None, ref: str | None = None) -> Observation:
    observation = Observation(
        unit_id=unit.id, observed_on=on or utcnow().date(), state=state.value, source=source.value, sector=sector,
        obs_class=class_of(sector), naf_code=naf_code, name=name, ref=ref,
        premises_id=premises.id if premises else None, note=note, campaign_id=campaign_id)
    db.session.add(observation)
    db.session.flush()
    refresh_current([unit.id])
    return observation


def class_of(sector: str | None) -> str | None:
    return SECTORS_BY_CODE[sector].observatory_class.value if sector in SECTORS_BY_CODE else None


def refresh_current(unit_ids) -> None:
    """Copy each unit's latest observation onto the unit, with the first day of its current run of
    that state (vacant since March, though surveyed again in June), and rebuild its runs (spells)."""
    ids = sorted(set(unit_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.session.execute(
            db.select(Observation.unit_id, Unit.town_id, Observation.observed_on, Observation.state,
                      Observation.source, Observation.sector, Observation.obs_class)
            .join(Unit, Unit.id == Observation.unit_id)
            .where(Observation.unit_id.in_(chunk)).order_by(Observation.unit_id, Observation.observed_on, Observation.id))
        by_unit: dict[int, tuple[int, list]] = {}
        for unit_id, town_id, *observation in rows:
            by_unit.setdefault(unit_id, (town_id, []))[1].append(observation)
        spells = [spell for unit_id, (town_id, seen) in by_unit.items() for spell in spells_of(unit_id, town_id, seen)]
        current = [{"id": spell["unit_id"], "state": spell["state"], "state_since": date.fromordinal(spell["start_day"]),
                    "state_source": by_unit[spell["unit_id"]][1][-1][2], "sector": spell["sector"],
                    "obs_class": spell["obs_class"]} for spell in spells if spell["end_day"] is None]
        db.session.execute(db.delete(Spell).where(Spell.unit_id.in_(chunk)))
        if spells:
            db.session.execute(db.insert(Spell), spells)
        if current:
            db.session.execute(db.update(Unit), current)
    # The bulk update goes around the identity map: units already loaded read their new state afresh.
    touched = set(ids)
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Unit) and loaded.id in touched:
            db.session.expire(loaded, CURRENT_FIELDS)


CURRENT_FIELDS = ["state", "state_since", "state_source", "sector", "obs_class"]


def latest(unit: Unit) -> Observation | None:
    return db.session.scalar(db.select(Observation).where(Observation.unit_id == unit.id)
                             .order_by(Observation.observed_on.desc(), Observation.id.desc()).limit(1))


def managed_town(user, town_id: int) -> Town:
    """:raises NotFound: for a missing town, or one ``user`` does not manage."""
    town = db.session.get(Town, town_id)
    if town is None:
        raise NotFound()
    require_manage_town(user, town)
    return town


def managed_towns(user) -> list[Town]:
    """The towns whose register ``user`` keeps: a manager's own, every town for an administrator."""
    if user.has_role(Role.ADMIN):
        return list(db.session.scalars(db.select(Town).order_by(Town.name)))
    return sorted(user.towns, key=lambda town: town.name)


def managed_unit(user, unit_id: int) -> Unit:
    """:raises NotFound: for a missing unit, or one in a town ``user`` does not manage."""
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise NotFound()
    managed_town(user, unit.town_id)
    return unit


def checked_state(state: str, sector: str | None) -> tuple[UnitState, str | None]:
    """What a manager tapped, checked: the state, and the trade when occupied (otherwise none).

    :raises RegisterError: for an unknown state or trade.
    """
    if state not in {s.value for s in UnitState}:
        raise RegisterError(_l("Choose what the unit is now."), field="state")
    if sector and sector not in SECTORS_BY_CODE:
        raise RegisterError(_l("Choose a trade from the list."), field="sector")
    return UnitState(state), (sector or None) if state == UnitState.OCCUPIED.value else None


def record(user, unit: Unit, state: str, sector: str | None = None) -> Observation:
    """A manager's observation of a unit today, on the spot (a field survey).

    :raises NotFound: unless ``user`` manages the unit's town.
    :raises RegisterError: for an unknown state or trade.
    """
    managed_town(user, unit.town_id)
    checked, trade = checked_state(state, sector)
    return observe(unit, checked, Source.SURVEY, sector=trade)
