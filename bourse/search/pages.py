"""Public pages: search with a list and a map, listing details, photos."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from bourse import geo
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.accounts.roles import Role
from bourse.matching import services as matching
from bourse.permissions import public
from bourse.premises import maps
from bourse.search import filters as search
from bourse.programmes.queries import call_is_open, open_calls_of
from bourse.premises.models import Premises, PremisesStatus
from bourse.premises.rules import can_manage, require_view
from bourse.programmes.models import Call, Programme
from bourse.projects import services as projects
from bourse.sectors import SECTORS
from bourse.towns.models import Town
from bourse.replicas import replica_reads

bp = Blueprint("premises_public", __name__)
SIMILAR_COUNT = 4


@bp.route("/recherche")
@replica_reads
@public
def search_page():
    filters = search.locate(search.parse(request.args))
    results = search.search(filters)
    towns = town_choices()
    centre = _map_centre(filters)
    # The map opens on what the list shows: the box searched, else the results of this page
    # (never the whole of France while the list holds a few shops in Brittany).
    bounds = filters.bbox or (None if filters.point else geo.BBox.enclosing(
        point_coords(p.location) for p in results.items))
    return render_template(
        "premises/search.html", filters=filters, results=results, towns=towns, sectors=SECTORS,
        open_calls=open_calls_by_premises([p.id for p in results.items if results.featured is None
                                           or p.id in results.featured]),
        search_map=maps.search_map(*centre, bounds=bounds), query=search.to_args(filters, page=1, bbox=None),
        page_url=lambda page: url_for("premises_public.search_page", **search.to_args(filters, page=page)),
        sorts=search.SORTS,
    )


def town_choices() -> list[tuple[str, str]]:
    """(INSEE code, name) of every town, for the filter's list."""
    return db.session.execute(db.select(Town.insee_code, Town.name).order_by(Town.name)).all()


def open_calls_by_premises(premises_ids: list[int]) -> dict[int, Call]:
    """The open call of each of these units that has one (for the test-boutique badge)."""
    if not premises_ids:
        return {}
    rows = db.session.execute(
        db.select(Programme.premises_id, Call).join(Call, Call.programme_id == Programme.id)
        .where(Programme.premises_id.in_(premises_ids), call_is_open()).order_by(Call.closes_at.desc())
    ).all()
    return {premises_id: call for premises_id, call in rows}


def _map_centre(filters: search.Filters) -> tuple[float, float, int]:
    if filters.point:
        return filters.lat, filters.lon, 14
    if filters.bbox:
        b = filters.bbox
        return (b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2, 13
    centre = db.session.scalar(db.select(Town.centre).where(Town.insee_code == filters.town)) if filters.town else None
    if centre is not None:
        lon, lat = point_coords(centre)
        return lat, lon, 15
    return 46.6, 2.4, 6


@bp.route("/locaux/<int:premises_id>")
@public
def detail(premises_id: int):
    premises = db.session.get(Premises, premises_id) or abort(404)
    require_view(current_user, premises)
    lon, lat = point_coords(premises.location)
    similar = [
        (other, distance) for other, distance in geo.nearest(
            db.select(Premises).where(Premises.status == PremisesStatus.PUBLISHED.value, Premises.id != premises.id),
            Premises.location, Premises.id, lon, lat, k=SIMILAR_COUNT, radii=(250, 1_000, 5_000, 25_000),
        )
    ]
    fits = []
    if current_user.is_authenticated and current_user.has_role(Role.ENTREPRENEUR):
        fits = matching.fit_for_projects(projects.projects_of(current_user), premises)
    return render_template(
        "premises/detail.html", premises=premises, similar=similar, can_manage=can_manage(current_user, premises),
        detail_map=maps.detail_map(lat, lon, premises.title), fits=fits,
        open_calls=open_calls_of(premises.id) if premises.status == PremisesStatus.PUBLISHED.value else [],
    )
