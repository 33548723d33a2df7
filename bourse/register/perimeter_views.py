"""The town-centre perimeter page: draw or import it, validate it as a new version, see the versions."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length

from bourse.accounts.roles import Role
from bourse.errors import form_errors
from bourse.geo import geojson, point_coords
from bourse.permissions import roles_required
from bourse.register import maps, perimeters, services

bp = Blueprint("perimeters", __name__)
MAX_DRAWING = 2_000_000  # characters of GeoJSON: a town centre drawn very finely is far below


class PerimeterForm(FlaskForm):
    drawing = TextAreaField(_l("The drawing, as GeoJSON"), validators=[Length(max=MAX_DRAWING)],
                            description=_l("Filled in as you draw on the map; or paste a GeoJSON polygon here."))
    file = FileField(_l("Or import a GeoJSON file"),
                     description=_l("A polygon or multipolygon of the perimeter; features with a name are zones."))


def _drawing(area, zones=()) -> str:
    """A perimeter and its zones as the editor's GeoJSON ("" without a perimeter)."""
    if area is None:
        return ""
    features = [{"type": "Feature", "properties": {"kind": "perimeter"}, "geometry": geojson.geometry_to_geojson(area)}]
    features += [{"type": "Feature", "properties": {"kind": "zone", "name": zone.name},
                  "geometry": geojson.geometry_to_geojson(zone.area)} for zone in zones]
    return json.dumps({"type": "FeatureCollection", "features": features})


def _drawing_of(perimeter) -> str:
    return _drawing(perimeter.area, perimeter.zones) if perimeter is not None else ""


@bp.route("/communes/<int:town_id>/perimetre", methods=["GET", "POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def edit(town_id: int):
    town = services.managed_town(current_user, town_id)
    current = perimeters.current(town.id)
    # Before any version, the perimeter the town was set up with, for the manager to check.
    form = PerimeterForm(data={"drawing": _drawing_of(current) or _drawing(town.perimeter)})
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        text, source = form.drawing.data or "", "drawn"
        if upload and upload.filename:
            text, source = upload.read(MAX_DRAWING + 1).decode("utf-8", errors="replace"), "file"
        with form_errors(form):
            version = perimeters.validate(current_user, town.id, text, source)
            flash(_("Version %(n)d of the perimeter is validated.", n=version.version), "success")
            return redirect(url_for("perimeters.edit", town_id=town.id))
    if form.errors:
        status = 422
    lon, lat = point_coords(town.centre)
    return render_template("register/perimeter.html", town=town, form=form, current=current,
                           versions=perimeters.versions(town.id),
                           editor=maps.perimeter_editor(lat, lon)), status


@bp.route("/registre/perimetres/<int:perimeter_id>.geojson")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def download(perimeter_id: int):
    perimeter = perimeters.managed_perimeter(current_user, perimeter_id)
    return Response(_drawing_of(perimeter), mimetype="application/geo+json", headers={
        "Content-Disposition": f"attachment; filename=perimetre-{perimeter.town_id}-v{perimeter.version}.geojson"})
