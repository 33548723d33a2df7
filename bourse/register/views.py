"""The register of a town, for its managers: every unit, its state now and since when, and each
unit's whole history."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.permissions import roles_required
from bourse.register import maps, queries
from bourse.register.labels import NOTE_LABELS, SOURCE_LABELS, STATE_LABELS
from bourse.register.models import Unit
from bourse.towns.models import Town
from bourse.towns.shops import require_manage_town

bp = Blueprint("register", __name__)


@bp.route("/communes/<int:town_id>/registre")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def town(town_id: int):
    place = db.session.get(Town, town_id) or abort(404)
    require_manage_town(current_user, place)
    state = request.args.get("etat") if request.args.get("etat") in STATE_LABELS else None
    units = queries.current(place.id, state)
    lon, lat = point_coords(place.centre)
    return render_template("register/town.html", town=place, units=units, state=state, labels=STATE_LABELS,
                           sources=SOURCE_LABELS, register_map=maps.register_map(lat, lon, units, STATE_LABELS))


@bp.route("/registre/unites/<int:unit_id>")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def unit(unit_id: int):
    found = db.session.get(Unit, unit_id) or abort(404)
    require_manage_town(current_user, db.session.get(Town, found.town_id))
    return render_template("register/unit.html", unit=found, history=queries.history(found), labels=STATE_LABELS,
                           sources=SOURCE_LABELS, notes=NOTE_LABELS)
