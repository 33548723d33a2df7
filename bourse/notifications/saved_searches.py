"""Saved searches: kept, listed and deleted; their filters are kept as columns too, so that one query finds
all those a new unit satisfies."""

from __future__ import annotations

from flask_babel import gettext as _
from shapely.geometry import box
from sqlalchemy import event, or_

from bourse.domain import BadRequest, NotFound
from bourse.extensions import db
from bourse.geo import area_around, covers_point, point_coords
from bourse.geo.types import to_polygon
from bourse.notifications.models import SavedSearch
from bourse.premises.models import Premises
from bourse.projects.models import Project
from bourse.search import filters as search

NOWHERE = box(0.0, -89.99999, 0.00001, -89.99998)


def index_filters(saved: SavedSearch, query: dict | None) -> None:
    """Copy the filters of ``query`` (a saved search's URL arguments) into its columns."""
    f = search.parse(query or {})
    saved.town_code, saved.sector, saved.deal = f.town, f.sector, f.deal
    saved.min_area, saved.max_area, saved.max_rent = f.min_area, f.max_area, f.max_rent
    saved.available_by, saved.step_free, saved.extraction = f.available_by, f.step_free, f.extraction
    shapes = []
    if f.point and f.radius_km:
        shapes.append(area_around(f.lon, f.lat, f.radius_km * 1000))
    if f.bbox:
        shapes.append(box(f.bbox.min_lon, f.bbox.min_lat, f.bbox.max_lon, f.bbox.max_lat))
    if not shapes:
        saved.area = None
        return
    area = shapes[0] if len(shapes) == 1 else shapes[0].intersection(shapes[1])  # the page applies both
    # A map area and a circle that do not meet match nothing, ever: a speck where no premises can be.
    saved.area = to_polygon(area if area.geom_type == "Polygon" and not area.is_empty else NOWHERE)


@event.listens_for(SavedSearch.query, "set", retval=True)
def _query_changed(target: SavedSearch, value, _old, _initiator):
    # Whoever writes the query (the alert form, an import, a test) gets the columns with it.
    index_filters(target, value)
    return value


def satisfied_by(premises: Premises):
    """SQL: the filter searches (not project alerts) that ``premises`` satisfies, in one condition."""
    lon, lat = point_coords(premises.location)
    allowed = premises.allowed_sectors or None
    excluded = premises.excluded_sectors or []
    s = SavedSearch
    sector_ok = s.sector.not_in(excluded)  # NOT IN () is true on both databases
    if allowed:
        sector_ok = sector_ok & s.sector.in_(allowed)
    sector_ok = s.sector.is_(None) | sector_ok
    return [
        s.project_id.is_(None),
        or_(s.town_code.is_(None), s.town_code == premises.town.insee_code),
        or_(s.area.is_(None), covers_point(s.area, s.id, lon, lat)),
        sector_ok,
        or_(s.min_area.is_(None), s.min_area <= premises.sales_area_m2),
        or_(s.max_area.is_(None), s.max_area >= premises.sales_area_m2),
        s.max_rent.is_(None) if premises.rent_per_year is None else or_(s.max_rent.is_(None),
                                                                          s.max_rent >= premises.rent_per_year),
        or_(s.deal.is_(None), s.deal == premises.deal_type),
        True if premises.available_from is None else or_(s.available_by.is_(None),
                                                          s.available_by >= premises.available_from),
        True if premises.step_free_access else s.step_free.is_(False),
        True if premises.has_extraction else s.extraction.is_(False),
    ]


def searches_of(user) -> list[SavedSearch]:
    """``user``'s saved searches and project alerts, the newest first."""
    return list(db.session.scalars(db.select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def save_filters(user, name: str, filters: search.Filters) -> SavedSearch:
    """Keep the filters of a search (an address kept as its point: alerts run without the geocoder).

    :raises BadRequest: for filters that cannot be read.
    """
    if filters.errors:
        raise BadRequest("; ".join(filters.errors))
    query = search.to_args(filters, page=1, sort="relevance")
    if filters.point:
        query.pop("near", None)
        query.update(lat=str(filters.lat), lon=str(filters.lon))
    saved = SavedSearch(user_id=user.id, name=name.strip(), query=query)
    db.session.add(saved)
    db.session.flush()
    return saved


def save_project_alert(user, project: Project, min_score: int) -> SavedSearch:
    """Alerts for new premises scoring at least ``min_score`` for one of ``user``'s projects."""
    if project.owner_id != user.id:
        raise NotFound()
    saved = SavedSearch(user_id=user.id, project_id=project.id, min_score=min_score,
                        name=_("%(project)s from %(score)d/100", project=project.name, score=min_score))
    db.session.add(saved)
    db.session.flush()
    return saved


def delete(user, search_id: int) -> None:
    """:raises NotFound: unless ``search_id`` is one of ``user``'s."""
    saved = db.session.get(SavedSearch, search_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound()
    db.session.delete(saved)
    db.session.flush()
