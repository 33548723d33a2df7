"""The saved-search API's request body (pydantic, described in the OpenAPI document): the search
page's filters, or one of the caller's projects with a minimum score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bourse.api_models import Area, InseeCode, Money, Sector
from bourse.premises.models import DealType

_DEGREES = r"-?\d{1,3}(\.\d{1,6})?"


class SearchFilters(BaseModel):
    """The search page's filters; a saved search alerts on new listings that pass them all."""

    model_config = ConfigDict(extra="forbid")

    town: InseeCode | None = None
    sector: Sector | None = None
    deal: DealType | None = None
    min_area: Area | None = None
    max_area: Area | None = None
    max_rent: Money | None = None
    available_by: date | None = None
    step_free: bool = False
    extraction: bool = False
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    radius_km: Decimal | None = Field(None, ge=Decimal("0.1"), le=200, allow_inf_nan=False,
                                      description="around lat/lon")
    bbox: str | None = Field(None, pattern=rf"^{_DEGREES},{_DEGREES},{_DEGREES},{_DEGREES}$",
                             description="minlon,minlat,maxlon,maxlat")

    def as_args(self) -> dict[str, str]:
        """The filters as the search page's query string has them."""
        args = {}
        for name, value in self.model_dump(exclude_none=True).items():
            if value is False:
                continue
            args[name] = "1" if value is True else str(getattr(value, "value", value))
        return args


class NewSavedSearch(BaseModel):
    """Either ``filters`` or ``project_id`` (with ``min_score``)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=140, description="required with filters")
    filters: SearchFilters | None = None
    project_id: int | None = Field(None, ge=1, lt=2**63, strict=True)
    min_score: int = Field(70, ge=1, le=100, strict=True, description="out of 100, for a project")

    @model_validator(mode="after")
    def _one_kind(self) -> "NewSavedSearch":
        if (self.filters is None) == (self.project_id is None):
            raise ValueError("give either filters or project_id")
        if self.filters is not None and not self.name:
            raise ValueError("a search with filters needs a name")
        return self
