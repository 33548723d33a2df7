"""The API's bodies as pydantic models: request bodies are validated with them, and the OpenAPI
document (bourse/main/openapi.py) is generated from them, so the two cannot drift apart."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2, MAX_FRONTAGE_M
from bourse.sectors import SECTOR_CODES

# The values request bodies share, bounded as the database's check constraints are (bourse/bounds.py).
Money = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="€")]
Area = Annotated[Decimal, Field(gt=0, le=MAX_AREA_M2, allow_inf_nan=False, description="m²")]
Frontage = Annotated[Decimal, Field(gt=0, le=MAX_FRONTAGE_M, allow_inf_nan=False, description="m")]
InseeCode = Annotated[str, Field(pattern=r"^[0-9][0-9AB][0-9]{3}$", description="a town's INSEE code")]
Sector = StrEnum("Sector", {code: code for code in SECTOR_CODES})


class Open(BaseModel):
    """A response body: more properties may come in later versions."""

    model_config = ConfigDict(extra="allow")


class ErrorDetail(Open):
    code: str
    message: str
    field: str | None = None


class Error(Open):
    error: ErrorDetail


class Point(Open):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="longitude, latitude (WGS 84)")


class MapProperties(Open):
    id: int | None = Field(None, description="the listing's id (points)")
    a: float | None = Field(None, description="sales area, m²")
    r: float | None = Field(None, description="yearly rent, € (absent: not stated)")
    tb: int | None = Field(None, description="1 for a test boutique")
    cluster: bool | None = Field(None, description="true for a group of listings")
    count: int | None = Field(None, description="how many listings the group holds")


class MapFeature(Open):
    type: Literal["Feature"]
    geometry: Point
    properties: MapProperties


class MapCollection(Open):
    type: Literal["FeatureCollection"]
    clustered: bool
    total: int
    features: list[MapFeature]


class Listing(Open):
    """One published listing, with the open-data export's fields (docs/open-data.md)."""

    id: int
    reference: str
    title: str
    url: str
    address: str
    town: str
    insee_code: str
    lon: float
    lat: float
    sales_area_m2: float
    total_area_m2: float | None
    frontage_m: float | None
    deal_type: str
    rent_per_year: float | None
    charges_per_year: float | None
    lease_types: list[str] | None
    allowed_sectors: list[str] | None
    excluded_sectors: list[str] | None
    has_extraction: bool
    step_free_access: bool
    available_from: str | None
    updated_at: str | None


class ListingsPage(Open):
    items: list[Listing]
    next_cursor: str | None = Field(description="give it as `cursor` for the next page; null on the last")
    limit: int


class PublicFeature(Open):
    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: dict[str, Any]


class Slot(Open):
    id: int
    starts_on: str
    ends_on: str
    rent_per_month: float


class OpenCall(Open):
    id: int
    title: str
    town: str
    insee_code: str
    premises_id: int
    lon: float
    lat: float
    trial_months: int
    follow_on_lease: str
    opens_on: str
    closes_at: str
    url: str
    slots: list[Slot]


class OpenCalls(Open):
    items: list[OpenCall]


class MyApplication(Open):
    id: int
    state: str
    version: int
    project_id: int
    premises_id: int
    slot_id: int | None
    submitted_at: str | None
    updated_at: str


class MyApplications(Open):
    items: list[MyApplication]


class TransitionDone(Open):
    id: int
    state: str
    version: int


class Address(Open):
    label: str
    lon: float
    lat: float
    score: float
    citycode: str
    postcode: str
    city: str


class GeocodeResults(Open):
    results: list[Address]


class ObservatoryFigures(Open):
    town: dict[str, Any]
    perimeter: dict[str, Any]
    zone: dict[str, Any] | None
    period: dict[str, Any]
    figures: dict[str, Any]
    months: list[dict[str, Any]]
    trade_mix: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    disagreements: int
    licence: str


class ManagedPremises(Open):
    items: list[PublicFeature]


class PremisesMoved(Open):
    id: int
    status: str


class ProjectOut(Open):
    id: int
    name: str
    sector: str
    min_area_m2: float
    max_area_m2: float
    max_rent_per_year: float
    towns: list[str]
    lon: float | None
    lat: float | None
    radius_km: float | None
    visible: bool
    url: str


class Projects(Open):
    items: list[ProjectOut]


class Reason(Open):
    criterion: str
    label: str
    score: float = Field(description="0 to 1")
    sentence: str


class RankedMatch(Open):
    score: float = Field(description="out of 100")
    reasons: list[Reason]
    project: dict[str, Any] | None = Field(None, description="a candidate project's summary")
    premises: dict[str, Any] | None = Field(None, description="a matching listing's summary")
    slot_id: int | None


class Ranking(Open):
    items: list[RankedMatch]
    considered: int = Field(description="candidates that passed the database's filters")
    removed: dict[str, int] = Field(description="pairs each must-have criterion left out")


class SavedSearchOut(Open):
    id: int
    name: str
    filters: dict[str, str] | None
    project_id: int | None
    min_score: int | None
    created_at: str


class SavedSearches(Open):
    items: list[SavedSearchOut]
