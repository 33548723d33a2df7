"""The open-data exports of published premises, filtered like the search page (same parameters)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import lazy_gettext as _l

from bourse.domain import BadRequest
from bourse.permissions import public
from bourse.search import exports
from bourse.search import filters as search

bp = Blueprint("open_data", __name__)

# What each field holds, shown on /donnees (docs/open-data.md says the same for developers).
FIELD_HELP = {
    "id": _l("the listing's number"), "reference": _l("its public reference"), "title": _l("its title"),
    "url": _l("the address of its page"), "address": _l("street address"), "town": _l("town"),
    "insee_code": _l("the town's INSEE code"), "lon": _l("longitude, WGS 84 degrees (CSV)"),
    "lat": _l("latitude, WGS 84 degrees (CSV)"), "sales_area_m2": _l("sales surface, m²"),
    "total_area_m2": _l("total surface with storage, m²"), "frontage_m": _l("shop-front width, m"),
    "deal_type": _l("to_let, for_sale or lease_transfer"), "rent_per_year": _l("yearly rent, €, excluding tax and charges"),
    "charges_per_year": _l("yearly charges, €"), "lease_types": _l("leases offered (CSV: separated by |)"),
    "allowed_sectors": _l("trades accepted; empty: any (CSV: separated by |)"),
    "excluded_sectors": _l("trades refused (CSV: separated by |)"), "has_extraction": _l("kitchen extraction (1 or 0)"),
    "step_free_access": _l("step-free entrance (1 or 0)"), "available_from": _l("available from, YYYY-MM-DD"),
    "updated_at": _l("last change, ISO 8601, UTC"),
}


def _filters() -> search.Filters:
    filters = search.locate(search.parse(request.args))
    if filters.errors:
        raise BadRequest("; ".join(filters.errors))
    return filters


def _stream(chunks, mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Link"] = f'<{exports.LICENCE_URL}>; rel="license"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/donnees")
@public
def index():
    return render_template("premises/open_data.html", licence=exports.LICENCE, licence_url=exports.LICENCE_URL,
                           fields=[(name, FIELD_HELP[name]) for name in exports.FIELDS], query=request.query_string.decode("ascii", "replace"))


@bp.route("/donnees/locaux.geojson")
@public
def premises_geojson():
    return _stream(exports.geojson(_filters()), "application/geo+json", "bourse-locaux.geojson")


@bp.route("/donnees/locaux.csv")
@public
def premises_csv():
    return _stream(exports.csv_utf8(_filters()), "text/csv", "bourse-locaux.csv")


@bp.route("/donnees/locaux-tableur.csv")
@public
def premises_spreadsheet():
    response = _stream(exports.csv_spreadsheet(_filters()), "text/csv", "bourse-locaux-tableur.csv")
    response.headers["Content-Type"] = "text/csv; charset=windows-1252"
    return response
