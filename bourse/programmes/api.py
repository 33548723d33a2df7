"""Test-boutique calls as JSON: the open ones, with their slots, for partners' websites."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from bourse.accounts import api_auth
from bourse.geo import point_coords
from bourse.permissions import public
from bourse.programmes import services

bp = Blueprint("programmes_api", __name__, url_prefix="/api/v1")
api_auth.limit_tokens(bp)


def _call(call) -> dict:
    programme, premises = call.programme, call.programme.premises
    lon, lat = point_coords(premises.location)
    return {"id": call.id, "title": programme.title, "town": premises.town.name,
            "insee_code": premises.town.insee_code, "premises_id": premises.id, "lon": round(lon, 6),
            "lat": round(lat, 6), "trial_months": programme.trial_months, "follow_on_lease": programme.follow_on_lease,
            "opens_on": call.opens_on.isoformat(), "closes_at": call.closes_at.isoformat(timespec="seconds"),
            "url": url_for("programmes.call_detail", call_id=call.id, _external=True),
            "slots": [{"id": slot.id, "starts_on": slot.starts_on.isoformat(), "ends_on": slot.ends_on.isoformat(),
                       "rent_per_month": float(slot.rent_per_month)} for slot in call.slots]}


@bp.route("/calls")
@public
def open_calls():
    """The calls accepting applications now, the closest deadline first."""
    return jsonify(items=[_call(call) for call in services.open_calls()])
