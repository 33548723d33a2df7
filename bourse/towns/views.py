"""Town pages: the public list and the administrators' editor."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from bourse.errors import flashed_refusals, form_errors
from bourse.accounts.roles import Role
from bourse.geo import point_coords
from bourse.geo.geojson import dumps
from bourse.permissions import roles_required
from bourse.towns import services
from bourse.towns.forms import DeleteForm, TownForm

bp = Blueprint("towns", __name__)


@bp.route("/admin/communes")
@roles_required(Role.ADMIN)
def admin_list():
    return render_template("admin/towns.html", towns=services.list_towns())


@bp.route("/admin/communes/nouvelle", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    return _edit(None)


@bp.route("/admin/communes/<int:town_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(town_id: int):
    town = services.get_town(town_id) or abort(404)
    return _edit(town)


@bp.route("/admin/communes/<int:town_id>/supprimer", methods=["POST"])
@roles_required(Role.ADMIN)
def delete(town_id: int):
    town = services.get_town(town_id) or abort(404)
    if DeleteForm().validate_on_submit():
        name = town.name
        with flashed_refusals():
            services.delete_town(town)
            flash(_("Town %(name)s deleted.", name=name), "success")
            return redirect(url_for("towns.admin_list"))
        return redirect(url_for("towns.edit", town_id=town_id))
    return redirect(url_for("towns.admin_list"))


def _edit(town):
    form = TownForm()
    if town is not None and not form.is_submitted():
        lon, lat = point_coords(town.centre)
        form.process(
            name=town.name, insee_code=town.insee_code, department_code=town.department_code,
            department_name=town.department_name, lat=lat, lon=lon, perimeter=dumps(town.perimeter),
        )
    if form.validate_on_submit():
        with form_errors(form):
            saved = services.save_town(
                town, name=form.name.data, insee_code=form.insee_code.data,
                department_code=form.department_code.data, department_name=form.department_name.data,
                lon=float(form.lon.data), lat=float(form.lat.data), perimeter=form.perimeter_shape,
            )
            flash(_("Town %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("towns.admin_list"))
    return render_template("admin/town_form.html", form=form, town=town, delete_form=DeleteForm())
