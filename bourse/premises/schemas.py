"""The premises API's request bodies, validated with pydantic and described in the OpenAPI document.

The same columns as the open-data export and the imports (docs/open-data.md); the services' rules
(``services.check``: the town's perimeter, rent for a letting, sectors) apply on top, as for the form.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field

from bourse.api_models import Area, Frontage, InseeCode, Money, Sector
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.premises import lifecycle
from bourse.premises.errors import PremisesError
from bourse.premises.models import DealType, LeaseType, Premises
from bourse.premises.services import PremisesData
from bourse.sectors import SECTOR_CODES
from bourse.towns.models import Town

Verb = StrEnum("PremisesVerb", {m.verb: m.verb for m in lifecycle.MOVES if not m.dedicated})


class PremisesChanges(BaseModel):
    """The fields to change: those left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(None, min_length=1, max_length=140)
    insee_code: InseeCode = None
    address: str = Field(None, min_length=1, max_length=255)
    lon: float = Field(None, ge=-180, le=180, allow_inf_nan=False, description="longitude, WGS 84")
    lat: float = Field(None, ge=-90, le=90, allow_inf_nan=False, description="latitude, WGS 84")
    sales_area_m2: Area = None
    deal_type: DealType = None
    description: str | None = Field(None, max_length=5000)
    storage_area_m2: Area | None = None
    total_area_m2: Area | None = None
    floor: int = Field(None, ge=-3, le=60, strict=True)
    frontage_m: Frontage | None = None
    rent_per_year: Money | None = Field(None, description="€ a year, excluding VAT and charges")
    charges_per_year: Money | None = None
    deposit: Money | None = None
    key_money: Money | None = None
    lease_types: list[LeaseType] | None = Field(None, max_length=len(LeaseType))
    allowed_sectors: list[Sector] | None = Field(None, max_length=len(SECTOR_CODES))
    excluded_sectors: list[Sector] | None = Field(None, max_length=len(SECTOR_CODES))
    has_extraction: bool = None
    step_free_access: bool = None
    erp_compliant: bool = None
    dpe_class: Literal["A", "B", "C", "D", "E", "F", "G"] | None = None
    available_from: date | None = None


class NewPremises(PremisesChanges):
    """A new listing, saved as a draft. Town managers may name the landlord it is for."""

    title: str = Field(min_length=1, max_length=140)
    insee_code: InseeCode
    address: str = Field(min_length=1, max_length=255)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False, description="longitude, WGS 84")
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False, description="latitude, WGS 84")
    sales_area_m2: Area
    deal_type: DealType = DealType.TO_LET
    owner_email: str | None = Field(None, max_length=254, description="town managers: the landlord's address")


class PremisesMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verb: Verb = Field(description="publish, mark_under_offer, mark_let or withdraw")


def _town(insee_code: str) -> Town:
    town = db.session.scalar(db.select(Town).where(Town.insee_code == insee_code))
    if town is None:
        raise PremisesError(_l("No town has this INSEE code on Bourse."), field="insee_code")
    return town


def current_data(premises: Premises) -> PremisesData:
    """What ``premises`` holds, as the services take it."""
    lon, lat = point_coords(premises.location)
    names = [name for name in PremisesData.__dataclass_fields__ if name not in ("town", "lon", "lat")]
    return PremisesData(town=premises.town, lon=lon, lat=lat, **{name: getattr(premises, name) for name in names})


def to_data(changes: PremisesChanges, premises: Premises | None = None) -> PremisesData:
    """``premises``' data with ``changes`` made (a new listing's when there is none).

    :raises PremisesError: for a town Bourse does not know.
    """
    given = changes.model_dump(exclude_unset=premises is not None, exclude={"owner_email"})
    if premises is None:  # a new listing: what was not given keeps the services' default
        given = {name: value for name, value in given.items() if value is not None}
    nullable = {"description": "", "lease_types": [], "allowed_sectors": [], "excluded_sectors": []}
    for name, empty in nullable.items():  # null empties a text or a list
        if name in given and given[name] is None:
            given[name] = empty
    if given.get("deal_type") is not None:
        given["deal_type"] = given["deal_type"].value
    for name in ("lease_types", "allowed_sectors", "excluded_sectors"):
        if given.get(name):
            given[name] = list(dict.fromkeys(str(getattr(v, "value", v)) for v in given[name]))
    insee_code = given.pop("insee_code", None)
    if premises is None:
        return PremisesData(town=_town(insee_code), **given)
    data = current_data(premises)
    if insee_code is not None and insee_code != premises.town.insee_code:
        data.town = _town(insee_code)
    for name, value in given.items():
        setattr(data, name, value)
    return data
