"""The project-file API's request bodies (pydantic, described in the OpenAPI document). The place is
given as towns (INSEE codes) and/or a point with a radius: programs geocode on their own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field

from bourse.api_models import Area, Frontage, InseeCode, Money, Sector
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.projects.models import Need, Project
from bourse.projects.services import MAX_RADIUS_KM, ProjectData, ProjectError
from bourse.towns.models import Town


class ProjectChanges(BaseModel):
    """The fields to change: those left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(None, min_length=1, max_length=140)
    sector: Sector = None
    min_area_m2: Area = None
    max_area_m2: Area = None
    max_rent_per_year: Money = Field(None, description="€ a year, the most the project can pay")
    concept: str = Field(None, max_length=5000)
    towns: list[InseeCode] = Field(None, max_length=50, description="INSEE codes of the towns wanted")
    place_label: str = Field(None, max_length=255)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False, description="a point wanted (WGS 84)")
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    radius_km: Decimal | None = Field(None, gt=0, le=MAX_RADIUS_KM, allow_inf_nan=False)
    earliest_start: date | None = None
    need_extraction: Need = None
    need_step_free: Need = None
    need_frontage: Need = None
    min_frontage_m: Frontage | None = None
    experience: str = Field(None, max_length=5000)
    funding_secured: Money | None = None
    visible: bool = Field(None, description="landlords and town managers may find it")


class NewProject(ProjectChanges):
    name: str = Field(min_length=1, max_length=140)
    sector: Sector
    min_area_m2: Area
    max_area_m2: Area
    max_rent_per_year: Money


def _towns(codes: list[str]) -> list[Town]:
    found = list(db.session.scalars(db.select(Town).where(Town.insee_code.in_(set(codes))).order_by(Town.name)))
    if len(found) != len(set(codes)):
        raise ProjectError(_l("No town has this INSEE code on Bourse."), field="towns")
    return found


def current_data(project: Project) -> ProjectData:
    lon, lat = point_coords(project.location) if project.location is not None else (None, None)
    names = [name for name in ProjectData.__dataclass_fields__ if name not in ("towns", "lon", "lat")]
    return ProjectData(towns=list(project.towns), lon=lon, lat=lat, **{n: getattr(project, n) for n in names})


def to_data(changes: ProjectChanges, project: Project | None = None) -> ProjectData:
    """``project``'s data with ``changes`` made (a new project's when there is none).

    :raises ProjectError: for a town Bourse does not know.
    """
    given = changes.model_dump(exclude_unset=project is not None)
    if project is None:
        given = {name: value for name, value in given.items() if value is not None}
    for name in ("concept", "experience", "place_label"):
        if name in given and given[name] is None:
            given[name] = ""
    for name in ("sector", "need_extraction", "need_step_free", "need_frontage"):
        if given.get(name) is not None:
            given[name] = given[name].value
    if "towns" in given:
        given["towns"] = _towns(given["towns"] or [])
    if project is None:
        return ProjectData(**given)
    data = current_data(project)
    for name, value in given.items():
        setattr(data, name, value)
    return data
