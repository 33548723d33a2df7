"""The API's bodies as pydantic models: request bodies are validated with them, and the OpenAPI
document (bourse/main/openapi.py) is generated from them, so the two cannot drift apart."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
