"""Surveying on foot: a field campaign opened on a phone, a unit recorded in two taps, a unit added
where the manager taps the map. Each observation belongs to the campaign; a second tap on the same
unit in the same campaign corrects the first instead of adding to the history."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from bourse import geo
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.geo import make_point, point_coords
from bourse.geo.france import distance_metres, in_france
from bourse.register.models import Observation, Source, SurveyCampaign, Unit, UnitState
from bourse.register.services import (SAME_UNIT_METRES, RegisterError, address_key, checked_state, class_of,
                                      managed_town, refresh_current)
from bourse.register.survey import MAX_DISTANCE_M
from bourse.timeutil import utcnow

NEARBY_METRES = 400
NEARBY_LIMIT = 40


def start(actor, town_id: int, name: str) -> SurveyCampaign:
    """:raises NotFound: unless ``actor`` manages the town. :raises RegisterError: without a name."""
    town = managed_town(actor, town_id)
    if not (name or "").strip():
        raise RegisterError(_l("Name the campaign."), field="name")
    campaign = SurveyCampaign(town_id=town.id, name=name.strip()[:140], surveyed_on=utcnow().date(), method="field",
                              created_by=actor.id)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def field_campaign(actor, campaign_id: int) -> SurveyCampaign:
    """:raises NotFound: for a missing campaign, one that is not a field one, or another town's."""
    campaign = db.session.get(SurveyCampaign, campaign_id)
    if campaign is None or campaign.method != "field":
        raise NotFound()
    managed_town(actor, campaign.town_id)
    return campaign


def record(actor, campaign_id: int, unit_id: int, state: str, sector: str | None = None) -> Observation:
    """What the unit is now, seen today in this campaign.

    :raises NotFound: for a campaign or unit of a town ``actor`` does not manage, or of another town.
    :raises RegisterError: for an unknown state or trade.
    """
    campaign = field_campaign(actor, campaign_id)
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.town_id != campaign.town_id:
        raise NotFound()
    tapped, trade = checked_state(state, sector)
    return _observe(campaign, unit, tapped, trade)


def _observe(campaign: SurveyCampaign, unit: Unit, state: UnitState, sector: str | None) -> Observation:
    observation = db.session.scalar(db.select(Observation).where(Observation.unit_id == unit.id,
                                                                 Observation.campaign_id == campaign.id))
    if observation is None:
        observation = Observation(unit_id=unit.id, campaign_id=campaign.id, source=Source.SURVEY.value, note="")
        db.session.add(observation)
    observation.observed_on, observation.state, observation.sector = utcnow().date(), state.value, sector
    observation.obs_class = class_of(sector)
    db.session.flush()
    refresh_current([unit.id])
    return observation


def add_unit(actor, campaign_id: int, lon: float | None, lat: float | None, address: str, name: str, state: str,
             sector: str | None = None) -> Unit:
    """A unit the register lacked, where the manager tapped the map (or at a typed address's point).

    :raises RegisterError: for a place outside the town, or an unknown state or trade.
    """
    campaign = field_campaign(actor, campaign_id)
    town = managed_town(actor, campaign.town_id)
    tapped, trade = checked_state(state, sector)
    if lon is None or lat is None:
        raise RegisterError(_l("Tap the map where the unit is."), field="lon")
    centre = point_coords(town.centre)
    if not in_france(lon, lat) or distance_metres(lon, lat, *centre) > MAX_DISTANCE_M:
        raise RegisterError(_l("This place is not in %(town)s.", town=town.name), field="lon")
    unit = db.session.scalar(db.select(Unit).where(
        Unit.town_id == town.id, geo.within_radius(Unit.location, Unit.id, lon, lat, SAME_UNIT_METRES)).limit(1))
    if unit is None:  # a tap a few metres from a known unit is that unit
        address = " ".join((address or "").split())[:255]
        unit = Unit(town_id=town.id, address=address, address_key=address_key(address),
                    name=(name or "").strip()[:140] or None, location=make_point(lon, lat))
        db.session.add(unit)
        db.session.flush()
    _observe(campaign, unit, tapped, trade)
    return unit


@dataclass(frozen=True)
class Nearby:
    unit: Unit
    metres: float
    seen: Observation | None  # this campaign's observation of it, if any


def nearby(campaign: SurveyCampaign, lon: float, lat: float) -> list[Nearby]:
    """The units around a point, nearest first, with what this campaign recorded of each."""
    distance = geo.distance_metres(Unit.location, lon, lat)
    rows = db.session.execute(
        db.select(Unit, distance).where(Unit.town_id == campaign.town_id,
                                        geo.within_radius(Unit.location, Unit.id, lon, lat, NEARBY_METRES))
        .order_by(distance).limit(NEARBY_LIMIT)).all()
    seen = {o.unit_id: o for o in db.session.scalars(db.select(Observation).where(
        Observation.campaign_id == campaign.id, Observation.unit_id.in_([u.id for u, _d in rows])))}
    return [Nearby(unit, float(metres), seen.get(unit.id)) for unit, metres in rows]


def seen_count(campaign: SurveyCampaign) -> int:
    return db.session.scalar(db.select(func.count(Observation.id)).where(Observation.campaign_id == campaign.id)) or 0
