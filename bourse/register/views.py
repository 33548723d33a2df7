"""The register of a town, for its managers: every unit, its state now and since when, and each
unit's whole history."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.geo import point_coords
from bourse.permissions import roles_required
from bourse.errors import form_errors
from bourse.register import maps, queries, services
from bourse.register.forms import ObservationForm
from bourse.register.labels import NOTE_LABELS, SOURCE_LABELS, STATE_LABELS
from bourse.register.models import Unit

bp = Blueprint("register", __name__)


@bp.route("/communes/<int:town_id>/registre")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def town(town_id: int):
    place = services.managed_town(current_user, town_id)
    state = request.args.get("etat")
    state = state if state in STATE_LABELS else None
    units = queries.current(place.id, state)
    lon, lat = point_coords(place.centre)
    return render_template("register/town.html", town=place, units=units, state=state, labels=STATE_LABELS,
                           sources=SOURCE_LABELS, register_map=maps.register_map(lat, lon, units, STATE_LABELS))


@bp.route("/registre/unites/<int:unit_id>")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def unit(unit_id: int):
    return _unit_page(services.managed_unit(current_user, unit_id), ObservationForm())


@bp.route("/registre/unites/<int:unit_id>/observations", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def record(unit_id: int):
    found = services.managed_unit(current_user, unit_id)
    form = ObservationForm()
    if form.validate_on_submit():
        with form_errors(form):
            services.record(current_user, found, form.state.data, form.sector.data or None)
            flash(_("Observation recorded."), "success")
            return redirect(url_for("register.unit", unit_id=found.id))
    return _unit_page(found, form)


def _unit_page(found: Unit, form: ObservationForm):
    return render_template("register/unit.html", unit=found, history=queries.history(found), labels=STATE_LABELS,
                           sources=SOURCE_LABELS, notes=NOTE_LABELS, form=form)
