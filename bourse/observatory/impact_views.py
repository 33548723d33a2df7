"""The impact study's page (a trade and a place, then a one-page report to print) and the unmet
demand's (what project files look for in a town against what is on offer)."""

from __future__ import annotations

import math

from flask import render_template, request
from flask_babel import format_number, gettext as _

from bourse.extensions import db
from bourse.geo import point_coords
from bourse.geo.france import in_france
from bourse.observatory import impact as impacts
from bourse.observatory.maps import impact_map
from bourse.observatory.scope import scope_of
from bourse.observatory.views import bp, town_or_404
from bourse.observatory.demand import AREA_BANDS, BUDGET_BANDS, FEWEST_PER_CELL, unmet_demand
from bourse.permissions import login_required, public
from bourse.register.labels import CLASS_LABELS
from bourse.register.models import Unit
from bourse.sectors import SECTORS_BY_CODE
from bourse.timeutil import utcnow


def _number(name: str) -> float | None:
    text = request.args.get(name, "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value


def _place(town, errors: dict):
    """(lon, lat, unit) from ``unite`` or ``lon``/``lat``; the town's centre to start with."""
    unit = None
    if request.args.get("unite"):
        text = request.args["unite"].strip()
        unit = db.session.get(Unit, int(text)) if text.isdigit() and len(text) < 10 else None
        if unit is None or unit.town_id != town.id:
            errors["unite"] = _("No unit of %(town)s has this number.", town=town.name)
            unit = None
        else:
            return (*point_coords(unit.location), unit)
    lon, lat = _number("lon"), _number("lat")
    if lon is None and lat is None:
        return (*point_coords(town.centre), None)
    if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)) or not in_france(lon, lat):
        errors["lon"] = _("Give a point in France: a longitude and a latitude in degrees (for example -2.98 and 47.67).")
        return (*point_coords(town.centre), None)
    return lon, lat, None


@bp.route("/communes/<int:town_id>/impact")
@login_required
def impact(town_id: int):
    town = town_or_404(town_id)
    errors: dict[str, str] = {}
    sector = request.args.get("secteur", "")
    lon, lat, unit = _place(town, errors)
    asked = "secteur" in request.args  # the form was sent (a link from a unit only names the place)
    if asked and sector not in SECTORS_BY_CODE:
        errors["secteur"] = _("Choose a trade from the list.")
    result = None
    if asked and not errors:
        result = impacts.study(scope_of(town), lon, lat, sector, exclude_units=[unit.id] if unit else ())
    return render_template(
        "observatory/impact.html", town=town, errors=errors, sector=sector, unit=unit, lon=lon, lat=lat, result=result,
        sectors={code: s.label for code, s in SECTORS_BY_CODE.items()}, class_labels=CLASS_LABELS,
        impact_map=impact_map(result) if result else None, today=utcnow().date()), 400 if errors else 200


@bp.route("/communes/<int:town_id>/demande")
@public
def demand(town_id: int):
    """What entrepreneurs look for in the town and do not find: anyone may read it, in aggregate."""
    town = town_or_404(town_id)
    return render_template("observatory/demand.html", town=town, demand=unmet_demand(town),
                           sectors={code: s.label for code, s in SECTORS_BY_CODE.items()},
                           area_labels=band_labels(AREA_BANDS, "m²"), budget_labels=band_labels(BUDGET_BANDS, "€"),
                           fewest=FEWEST_PER_CELL)


def band_labels(bounds, unit: str) -> list[str]:
    labels = [_("under %(n)s %(unit)s", n=format_number(bounds[0]), unit=unit)]
    labels += [_("%(a)s to %(b)s %(unit)s", a=format_number(a), b=format_number(b), unit=unit)
               for a, b in zip(bounds, bounds[1:])]
    return labels + [_("%(n)s %(unit)s or more", n=format_number(bounds[-1]), unit=unit)]
