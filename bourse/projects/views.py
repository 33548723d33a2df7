"""Entrepreneurs' project files and the spaces that fit them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from bourse.errors import flashed_refusals, form_errors
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.flashes import flash_form_errors
from bourse.geo import geocoder, point_coords
from bourse.permissions import login_required, roles_required
from bourse.projects import services
from bourse.projects.forms import BusinessPlanForm, ProjectForm, ProjectPhotoForm
from bourse.towns.models import Town

bp = Blueprint("projects", __name__, url_prefix="/projets")


def _towns():
    return list(db.session.scalars(db.select(Town).order_by(Town.name)))


@bp.route("/")
@roles_required(Role.ENTREPRENEUR)
def mine():
    return render_template("projects/mine.html", projects=services.projects_of(current_user))


@bp.route("/nouveau", methods=["GET", "POST"])
@roles_required(Role.ENTREPRENEUR)
def create():
    return _edit(None)


@bp.route("/<int:project_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.ENTREPRENEUR)
def edit(project_id: int):
    return _edit(services.get_own(current_user, project_id))


def _edit(project):
    towns = _towns()
    form = ProjectForm(obj=project, towns=towns)
    if project is not None and not form.is_submitted():
        form.towns.data = [t.id for t in project.towns]
    if form.validate_on_submit():
        with form_errors(form):
            lon = lat = None
            label = (form.place_label.data or "").strip()
            if label:
                if project is not None and label == project.place_label and project.location is not None:
                    lon, lat = point_coords(project.location)
                else:
                    lon, lat, label = _geocode(label)  # the address as the lookup found it
            data = services.ProjectData(
                towns=[t for t in towns if t.id in set(form.towns.data or [])], lon=lon, lat=lat,
                **{name: getattr(form, name).data for name in (
                    "name", "sector", "concept", "min_area_m2", "max_area_m2", "max_rent_per_year", "place_label",
                    "radius_km", "earliest_start", "need_extraction", "need_step_free", "need_frontage",
                    "min_frontage_m", "experience", "funding_secured", "visible")})
            data.concept, data.experience = data.concept or "", data.experience or ""
            data.place_label = label
            saved = services.save_project(current_user, project, data)
            flash(_("Project saved."), "success")
            return redirect(url_for("matching.project_spaces", project_id=saved.id))
    return render_template("projects/form.html", form=form, project=project,
                           plan_form=BusinessPlanForm() if project else None,
                           photo_form=ProjectPhotoForm() if project else None)


def _geocode(label: str) -> tuple[float, float, str]:
    try:
        found = geocoder.geocode(label, limit=1)
    except geocoder.GeocoderUnavailable:
        raise services.ProjectError(_("The address service is not answering: choose towns instead, or try later."),
                                    field="place_label") from None
    if not found:
        raise services.ProjectError(_("This address was not found."), field="place_label")
    return found[0].lon, found[0].lat, found[0].label or label


@bp.route("/<int:project_id>")
@login_required
def detail(project_id: int):
    project = services.get_viewable(current_user, project_id)
    return render_template("projects/detail.html", project=project, is_owner=project.owner_id == current_user.id,
                           full=services.full_access(current_user, project), plan_form=BusinessPlanForm())


@bp.route("/<int:project_id>/plan", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def upload_plan(project_id: int):
    project = services.get_own(current_user, project_id)
    form = BusinessPlanForm()
    if form.validate_on_submit():
        with flashed_refusals():
            services.attach_business_plan(current_user, project, form.business_plan.data.read(),
                                          form.business_plan.data.filename)
            flash(_("Business plan saved."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("projects.edit", project_id=project_id))


@bp.route("/<int:project_id>/photos", methods=["POST"])
@roles_required(Role.ENTREPRENEUR)
def add_photo(project_id: int):
    project = services.get_own(current_user, project_id)
    form = ProjectPhotoForm()
    if form.validate_on_submit():
        with flashed_refusals():
            services.add_photo(current_user, project, form.photo.data.read())
            flash(_("Photo added."), "success")
    return redirect(url_for("projects.edit", project_id=project_id))
