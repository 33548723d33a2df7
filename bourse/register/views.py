"""The register of a town, for its managers: every unit, its state now and since when, and each
unit's whole history."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from flask_login import current_user

from bourse.accounts.roles import Role
from bourse.errors import json_error
from bourse.geo import BBox, point_coords
from bourse.geo.types import to_geometry
from bourse.permissions import roles_required
from bourse.errors import flashed_refusals, form_errors
from bourse.register import maps, owners, queries, services
from bourse.register.forms import InvitationForm, ObservationForm, OwnerForm
from bourse.register.labels import CLASS_LABELS, DURATION_LABELS, NOTE_LABELS, SOURCE_LABELS, STATE_LABELS
from bourse.register.models import Unit

bp = Blueprint("register", __name__)


@bp.route("/registre")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def home():
    """The registers one may keep: straight to it when there is one town, else a choice."""
    towns = services.managed_towns(current_user)
    if len(towns) == 1:
        return redirect(url_for("register.town", town_id=towns[0].id))
    return render_template("register/home.html", towns=towns)


def _filters(town_id: int) -> queries.Filters:
    """The list's filters from the query string; a value that is not one of the choices is ignored."""
    args = request.args
    state = args.get("etat")
    obs_class = args.get("classe")
    zone = args.get("zone", type=int)
    zones = {z.id for z in queries.zones_of(town_id)} | {0}
    return queries.Filters(
        state=state if state in STATE_LABELS or state == "unknown" else None,
        obs_class=obs_class if obs_class in CLASS_LABELS else None,
        duration=args.get("duree") if args.get("duree") in queries.DURATIONS else None,
        zone_id=zone if zone in zones else None)


@bp.route("/communes/<int:town_id>/registre")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def town(town_id: int):
    place = services.managed_town(current_user, town_id)
    filters = _filters(place.id)
    number = max(1, min(request.args.get("page", 1, type=int), 100_000))
    units, total = queries.page(place.id, filters, number)
    lon, lat = point_coords(place.centre)
    return render_template("register/town.html", town=place, units=units, total=total, page=number,
                           pages=max(1, -(-total // queries.PAGE_SIZE)), filters=filters,
                           counts=queries.state_counts(place.id), zones=queries.zones_of(place.id),
                           labels=STATE_LABELS, classes=CLASS_LABELS, durations=DURATION_LABELS,
                           sources=SOURCE_LABELS, register_map=maps.register_map(lat, lon, fit=_opening_box(place)))


def _opening_box(town):
    """Where the register's map opens: on the perimeter in force, else around the town's units."""
    if town.perimeter is not None:
        return BBox(*to_geometry(town.perimeter).bounds)
    return queries.extent(town.id)


@bp.route("/communes/<int:town_id>/registre/points")
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def points(town_id: int):
    """The map's points for the visible box, with the list's filters."""
    place = services.managed_town(current_user, town_id)
    try:
        box = BBox.parse(request.args.get("bbox", ""))
    except ValueError:
        return json_error(400, _("The bbox parameter is required: minlon,minlat,maxlon,maxlat."), "bbox")
    clustered, rows = queries.points(place.id, _filters(place.id), box)
    # Compact rows: hundreds or thousands of them, so no repeated keys.
    if clustered:
        body = {"clustered": True, "fields": ["lon", "lat", "units", "vacant"],
                "cells": [[round(float(x), 6), round(float(y), 6), int(n), int(v or 0)] for x, y, n, v in rows]}
    else:
        body = {"clustered": False, "fields": ["id", "lon", "lat", "state", "label"], "units": [list(r) for r in rows]}
    return Response(json.dumps(body, separators=(",", ":"), ensure_ascii=False), mimetype="application/json")


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


@bp.route("/registre/unites/<int:unit_id>/proprietaire", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def save_owner(unit_id: int):
    found = services.managed_unit(current_user, unit_id)
    form = OwnerForm()
    if form.validate_on_submit():
        with form_errors(form):
            owners.save_owner(current_user, found.id, form.owner_name.data, form.owner_email.data,
                              form.owner_phone.data)
            flash(_("Owner saved."), "success")
            return redirect(url_for("register.unit", unit_id=found.id, _anchor="owner"))
    return _unit_page(found, ObservationForm(), owner_form=form), 422


@bp.route("/registre/unites/<int:unit_id>/invitation", methods=["POST"])
@roles_required(Role.TOWN_MANAGER, Role.ADMIN)
def invite_owner(unit_id: int):
    found = services.managed_unit(current_user, unit_id)
    form = InvitationForm()
    if form.validate_on_submit():
        with flashed_refusals():
            owners.invite_owner(current_user, found.id, form.language.data)
            flash(_("The invitation is on its way to %(email)s.", email=found.owner_email), "success")
    return redirect(url_for("register.unit", unit_id=found.id, _anchor="owner"))


def _unit_page(found: Unit, form: ObservationForm, owner_form: OwnerForm | None = None):
    return render_template("register/unit.html", unit=found, history=queries.history(found), labels=STATE_LABELS,
                           sources=SOURCE_LABELS, notes=NOTE_LABELS, form=form,
                           owner_form=owner_form or OwnerForm(obj=found), invitation_form=InvitationForm(),
                           invitable=owners.invitable(found))
