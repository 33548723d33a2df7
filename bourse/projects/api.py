"""The project-file API for entrepreneurs: their projects, create and change one. The premises that
suit one are in ``bourse.matching.api``."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask_login import current_user

from bourse import api_input
from bourse.accounts import api_auth
from bourse.accounts.roles import Role
from bourse.geo import point_coords
from bourse.permissions import roles_required
from bourse.projects import services
from bourse.projects.models import Project
from bourse.projects.schemas import NewProject, ProjectChanges, to_data

bp = Blueprint("projects_api", __name__, url_prefix="/api/v1/projects")
api_auth.limit_tokens(bp)


def _number(value) -> float | None:
    return None if value is None else float(value)


def project_json(project: Project) -> dict:
    lon, lat = point_coords(project.location) if project.location is not None else (None, None)
    return {
        "id": project.id, "name": project.name, "sector": project.sector, "concept": project.concept,
        "min_area_m2": _number(project.min_area_m2), "max_area_m2": _number(project.max_area_m2),
        "max_rent_per_year": _number(project.max_rent_per_year), "towns": [t.insee_code for t in project.towns],
        "place_label": project.place_label, "lon": lon, "lat": lat, "radius_km": _number(project.radius_km),
        "earliest_start": project.earliest_start.isoformat() if project.earliest_start else None,
        "need_extraction": project.need_extraction, "need_step_free": project.need_step_free,
        "need_frontage": project.need_frontage, "min_frontage_m": _number(project.min_frontage_m),
        "experience": project.experience, "funding_secured": _number(project.funding_secured),
        "visible": project.visible, "url": url_for("projects.detail", project_id=project.id, _external=True),
        "updated_at": project.updated_at.isoformat(timespec="seconds") if project.updated_at else None,
    }


@bp.route("")
@roles_required(Role.ENTREPRENEUR)
def mine():
    return jsonify(items=[project_json(p) for p in services.projects_of(current_user)])


@bp.route("", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def create():
    project = services.save_project(current_user, None, to_data(api_input.body(NewProject)))
    response = jsonify(project_json(project))
    response.status_code = 201
    response.headers["Location"] = url_for("projects_api.item", project_id=project.id)
    return response


@bp.route("/<int:project_id>")
@roles_required(Role.ENTREPRENEUR)
def item(project_id: int):
    return jsonify(project_json(services.get_own(current_user, project_id)))


@bp.route("/<int:project_id>", methods=["PATCH"])
@roles_required(Role.ENTREPRENEUR)
def update(project_id: int):
    """Change the fields given; the others keep their value."""
    project = services.get_own(current_user, project_id)
    services.save_project(current_user, project, to_data(api_input.body(ProjectChanges), project))
    return jsonify(project_json(project))

