"""JSON API: map points, one listing, and address look-up for the location picker."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from bourse.urls import row_id
from bourse.accounts import api_auth
from bourse.errors import json_error
from bourse.extensions import db, limiter
from bourse.geo import geocoder
from bourse.permissions import public
from bourse.premises import serializers
from bourse.search import filters as search
from bourse.search import mapdata
from bourse.premises.models import Premises
from bourse.premises.rules import require_view
from bourse.towns.models import Town

bp = Blueprint("premises_api", __name__, url_prefix="/api/v1")
api_auth.limit_tokens(bp)


def _bad_request(message: str, field: str | None = None):
    return json_error(400, message, field)


@bp.route("/premises")
@public
def collection():
    filters = search.locate(search.parse(request.args))
    if filters.errors:
        return _bad_request("; ".join(filters.errors))
    if not request.args.get("bbox"):
        return _bad_request(_("The bbox parameter is required: minlon,minlat,maxlon,maxlat."), "bbox")
    response = jsonify(mapdata.features(filters, filters.bbox))
    response.headers["Cache-Control"] = "public, max-age=30"
    return response


@bp.route("/premises/<int:premises_id>")
@public
def item(premises_id: int):
    premises = db.session.get(Premises, premises_id) or abort(404)
    require_view(current_user, premises)
    return jsonify(serializers.public_feature(premises))


@bp.route("/geocode")
@limiter.limit("120 per minute")  # a proxy to the national geocoder, not a free relay
@public
def geocode():
    query = (request.args.get("q") or "").strip()
    if len(query) < 3:
        return _bad_request(_("Type at least three characters."), "q")
    town = db.session.get(Town, request.args.get("town", type=row_id) or 0)
    try:
        results = geocoder.geocode(query, citycode=town.insee_code if town else None)
    except geocoder.GeocoderUnavailable as exc:
        current_app.logger.warning("geocoder unavailable: %s", exc)
        return json_error(503, _("The address service is not answering."))
    return jsonify(results=[r.as_dict() for r in results])
