"""JSON API: map points, one listing, and address look-up for the location picker."""

from __future__ import annotations

import base64
import binascii

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
from bourse.search import exports
from bourse.search import filters as search
from bourse.search import map_cache, mapdata
from bourse.premises.models import Premises
from bourse.premises.rules import require_view
from bourse.towns.models import Town
from bourse.replicas import replica_reads

bp = Blueprint("premises_api", __name__, url_prefix="/api/v1")
api_auth.limit_tokens(bp)


def _bad_request(message: str, field: str | None = None):
    return json_error(400, message, field)


@bp.route("/premises")
@replica_reads
@public
def collection():
    filters = search.locate(search.parse(request.args))
    if filters.errors:
        return _bad_request("; ".join(filters.errors))
    if not request.args.get("bbox"):
        return _bad_request(_("The bbox parameter is required: minlon,minlat,maxlon,maxlat."), "bbox")
    body = map_cache.answer(db.engine.url.render_as_string().encode() + b"?" + request.query_string,
                            lambda: mapdata.features(filters, filters.bbox).encode())
    response = current_app.response_class(body, mimetype="application/json")
    # Boxes are snapped to fixed cells: the same map asks the same URL-independent question, and
    # a cache in front (nginx, the browser) revalidates with the ETag instead of fetching again.
    response.headers["Cache-Control"] = "public, max-age=30"
    response.add_etag()
    return response.make_conditional(request)


MAX_PAGE = 200


def _cursor(text: str | None) -> int:
    """The id a page starts after. :raises ValueError: for a cursor this API did not give."""
    if not text:
        return 0
    try:
        after = int(base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4)).decode().removeprefix("after:"))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValueError from None
    if not 0 <= after < 2**63:
        raise ValueError
    return after


@bp.route("/listings")
@replica_reads
@public
def listings():
    """Published premises, full records, a page at a time (``limit`` ≤ 200, ``cursor`` from the last page)."""
    filters = search.locate(search.parse(request.args))
    if filters.errors:
        return _bad_request("; ".join(filters.errors))
    limit = request.args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE:
        return _bad_request(_("limit is a number from 1 to %(n)d.", n=MAX_PAGE), "limit")
    try:
        after = _cursor(request.args.get("cursor"))
    except ValueError:
        return _bad_request(_("This cursor was not given by this API: start again without it."), "cursor")
    items, last = exports.page(filters, after, int(limit))
    following = base64.urlsafe_b64encode(f"after:{last}".encode()).decode().rstrip("=") if last else None
    return jsonify(items=items, next_cursor=following, limit=int(limit))


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
