"""Project-file rules: create, edit, business plan, visibility. Others' private files are 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from bourse import storage, uploads
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.files import Served, file_requested
from bourse.lifecycle import signals
from bourse.geo import make_point
from bourse.geo.france import in_france
from bourse.projects.models import Need, Project, ProjectPhoto
from bourse.sectors import SECTOR_CODES
from bourse.towns.models import Town

MAX_RADIUS_KM = 200

#: may ``user`` see ``project``, beyond its owner and its visibility? Receivers answer True to share it.
shared_with = signals.signal("project-shared-with")


class ProjectError(DomainError):
    """A refused project change."""


@dataclass
class ProjectData:
    name: str
    sector: str
    min_area_m2: Decimal
    max_area_m2: Decimal
    max_rent_per_year: Decimal
    concept: str = ""
    towns: list[Town] = field(default_factory=list)
    place_label: str = ""
    lon: float | None = None
    lat: float | None = None
    radius_km: Decimal | None = None
    earliest_start: date | None = None
    need_extraction: str = Need.NONE.value
    need_step_free: str = Need.NONE.value
    need_frontage: str = Need.NONE.value
    min_frontage_m: Decimal | None = None
    experience: str = ""
    funding_secured: Decimal | None = None
    visible: bool = False


def full_access(user: User | None, project: Project) -> bool:
    """The whole file (owner's name, experience, funding, business plan, photos): the owner, an
    administrator, and the people the project applied to (its reviewers and judges)."""
    if user is None or not user.is_authenticated:
        return False
    if project.owner_id == user.id or user.has_role(Role.ADMIN):
        return True
    # Applying shares the file with the people who review, or judge, that application: the domains
    # above say so through this signal, so projects need not know them.
    return any(shared for _receiver, shared in shared_with.send("projects", user=user, project=project))


def summary_access(user: User | None, project: Project) -> bool:
    """The summary (sector, surface, budget, places wanted, concept): verified landlords and town
    managers, when the owner made the project visible."""
    return (project.visible and user is not None and user.is_authenticated
            and user.has_role(Role.LANDLORD, Role.TOWN_MANAGER) and user.email_verified)


def can_view(user: User | None, project: Project) -> bool:
    return full_access(user, project) or summary_access(user, project)


def get_viewable(user: User | None, project_id: int) -> Project:
    """:raises NotFound: for a missing project or one ``user`` may not see."""
    project = db.session.get(Project, project_id)
    if project is None or not can_view(user, project):
        raise NotFound()
    return project


def get_own(user: User, project_id: int) -> Project:
    """:raises NotFound: unless ``user`` owns the project."""
    project = db.session.get(Project, project_id)
    if project is None or project.owner_id != user.id:
        raise NotFound()
    return project


def _check(data: ProjectData) -> None:
    if data.sector not in SECTOR_CODES:
        raise ProjectError(_l("Choose an activity sector."), field="sector")
    if data.min_area_m2 <= 0 or data.max_area_m2 < data.min_area_m2:
        raise ProjectError(_l("The minimum surface must be above 0 and not above the maximum."), field="min_area_m2")
    if data.max_rent_per_year < 0:
        raise ProjectError(_l("The budget cannot be negative."), field="max_rent_per_year")
    has_point = data.lon is not None and data.lat is not None
    if data.radius_km is not None and not (0 < data.radius_km <= MAX_RADIUS_KM):
        raise ProjectError(_l("The radius must be above 0 and at most %(km)d km.", km=MAX_RADIUS_KM), field="radius_km")
    if has_point and not in_france(data.lon, data.lat):
        raise ProjectError(_l("The place must be in France."), field="place_label")
    if has_point and data.radius_km is None:
        raise ProjectError(_l("Give a radius around the place."), field="radius_km")
    if data.need_frontage != Need.NONE.value and not data.min_frontage_m:
        raise ProjectError(_l("Give the shop frontage you need."), field="min_frontage_m")


def _apply(project: Project, data: ProjectData) -> None:
    for name, value in vars(data).items():
        if name not in ("lon", "lat", "towns"):
            setattr(project, name, value)
    project.name = data.name.strip()
    project.towns = list(data.towns)
    has_point = data.lon is not None and data.lat is not None
    project.location = make_point(data.lon, data.lat) if has_point else None
    if not has_point:
        project.radius_km = None


def save_project(owner: User, project: Project | None, data: ProjectData) -> Project:
    """Create or update an entrepreneur's project file.

    :raises ProjectError: for inconsistent values (min above max, negative budget, bad radius).
    """
    if project is not None and project.owner_id != owner.id:
        raise NotFound()
    if not owner.has_role(Role.ENTREPRENEUR):
        raise ProjectError(_l("Only entrepreneurs keep project files."))
    _check(data)
    project = project or Project(owner=owner)
    _apply(project, data)
    db.session.add(project)
    db.session.flush()
    return project


def attach_business_plan(owner: User, project: Project, data: bytes, filename: str) -> None:
    """Keep a business plan (PDF only, checked by content, size-limited) outside ``static/``.

    :raises ProjectError: for anything that is not a PDF or is too large.
    """
    if project.owner_id != owner.id:
        raise NotFound()
    stored = uploads.accept("plan", data, filename or "business-plan.pdf", field="business_plan")
    old = project.business_plan_key
    project.business_plan_key = stored.key
    project.business_plan_name = (filename or "business-plan.pdf")[-140:]
    db.session.flush()
    if old:
        storage.delete_after_commit(old)


MAX_PROJECT_PHOTOS = 10


def add_photo(owner: User, project: Project, data: bytes) -> ProjectPhoto:
    """:raises ProjectError: for a file that is too big, not an image, or one photo too many."""
    if project.owner_id != owner.id:
        raise NotFound()
    if len(project.photos) >= MAX_PROJECT_PHOTOS:
        raise ProjectError(_l("This project already has the maximum number of photos."), field="photo")
    stored = uploads.accept("photo", data, field="photo")
    photo = ProjectPhoto(project_id=project.id, storage_key=stored.key, width=stored.width, height=stored.height)
    project.photos.append(photo)
    db.session.flush()
    return photo


def projects_of(owner: User) -> list[Project]:
    return list(db.session.scalars(db.select(Project).where(Project.owner_id == owner.id).order_by(Project.name)))


def serve_project_file(sender: str, *, key: str, user) -> Served | None:
    """``files.file_requested`` receiver: a project's photos and business plan, for whoever may see the file."""
    photo = db.session.scalar(db.select(ProjectPhoto).where(ProjectPhoto.storage_key == key))
    if photo is not None:
        project = db.session.get(Project, photo.project_id)
        return Served("image/jpeg") if full_access(user, project) else None
    project = db.session.scalar(db.select(Project).where(Project.business_plan_key == key))
    if project is None or not full_access(user, project):
        return None
    return Served("application/pdf", download_name=project.business_plan_name or "business-plan.pdf")


file_requested.connect(serve_project_file)
