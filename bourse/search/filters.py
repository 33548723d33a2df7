"""Search filters: parsed from the URL (so a search can be shared) into one SQL query."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, type_coerce
from sqlalchemy.orm import aliased
from sqlalchemy.types import NullType

from bourse import geo
from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2
from bourse.domain import DomainError
from bourse.extensions import db
from bourse.geo import BBox, geocoder
from bourse.premises.models import DealType, Premises, PremisesStatus
from bourse.premises.rules import sector_allowed
from bourse.programmes.queries import open_slot_exists, open_slot_premises
from bourse.sectors import SECTOR_CODES
from bourse.towns.models import Town

SORTS = ("relevance", "distance", "rent", "area")
PAGE_SIZE = 20
MAX_RADIUS_KM = 200


class SearchError(DomainError):
    """A filter that cannot be understood; ``field`` names the URL parameter."""


@dataclass
class Filters:
    town: str | None = None  # INSEE code
    bbox: BBox | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    sector: str | None = None
    min_area: Decimal | None = None
    max_area: Decimal | None = None
    max_rent: Decimal | None = None
    deal: str | None = None
    available_by: date | None = None
    step_free: bool = False
    extraction: bool = False
    test_boutique: bool = False
    near: str | None = None  # an address, geocoded into lat/lon
    sort: str = "relevance"
    page: int = 1
    errors: list[str] = field(default_factory=list)

    @property
    def point(self) -> tuple[float, float] | None:
        return (self.lon, self.lat) if self.lon is not None and self.lat is not None else None


def _number(args: Mapping, name: str, low: float, high: float) -> Decimal | None:
    raw = (args.get(name) or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise SearchError(_l("%(name)s must be a number.", name=name), field=name) from None
    if not value.is_finite() or not (low <= value <= high):
        raise SearchError(_l("%(name)s must lie between %(low)s and %(high)s.", name=name, low=low, high=high),
                          field=name)
    return value


def parse(args: Mapping) -> Filters:
    """Filters from query-string ``args``; bad values are collected in ``errors`` and ignored."""
    f = Filters()
    steps = {
        "town": lambda: setattr(f, "town", (args.get("town") or "").strip()[:5] or None),
        "bbox": lambda: setattr(f, "bbox", BBox.parse(args["bbox"]) if args.get("bbox") else None),
        "lat": lambda: setattr(f, "lat", _float(_number(args, "lat", -90, 90))),
        "lon": lambda: setattr(f, "lon", _float(_number(args, "lon", -180, 180))),
        "radius_km": lambda: setattr(f, "radius_km", _float(_number(args, "radius_km", 0.1, MAX_RADIUS_KM))),
        "min_area": lambda: setattr(f, "min_area", _number(args, "min_area", 0, MAX_AREA_M2)),
        "max_area": lambda: setattr(f, "max_area", _number(args, "max_area", 0, MAX_AREA_M2)),
        "max_rent": lambda: setattr(f, "max_rent", _number(args, "max_rent", 0, MAX_AMOUNT)),
        "available_by": lambda: setattr(f, "available_by", _date(args.get("available_by"))),
        "page": lambda: setattr(f, "page", int(_number(args, "page", 1, 10_000) or 1)),
    }
    for name, step in steps.items():
        try:
            step()
        except (SearchError, ValueError) as exc:
            f.errors.append(str(exc) if isinstance(exc, SearchError) else str(_l("Invalid map area: %(reason)s",
                                                                                   reason=exc)))
    f.near = " ".join((args.get("near") or "").split())[:200] or None
    sector, deal, sort = args.get("sector") or None, args.get("deal") or None, args.get("sort") or "relevance"
    f.sector = sector if sector in SECTOR_CODES else None
    f.deal = deal if deal in {d.value for d in DealType} else None
    f.sort = sort if sort in SORTS else "relevance"
    f.step_free, f.extraction, f.test_boutique = (args.get(n) in ("1", "on", "true", "y")
                                                  for n in ("step_free", "extraction", "test_boutique"))
    return f


DEFAULT_NEAR_RADIUS_KM = 2.0


def locate(f: Filters) -> Filters:
    """Geocode ``near`` into the search point; then drop what needs a point when there is none."""
    if f.near and f.point is None:
        try:
            found = geocoder.geocode(f.near, limit=1)
        except geocoder.GeocoderUnavailable:
            found = None
            f.errors.append(str(_l("The address service is not answering: search by town or on the map.")))
        if found:
            f.lon, f.lat = found[0].lon, found[0].lat
            f.radius_km = f.radius_km or DEFAULT_NEAR_RADIUS_KM
        elif found is not None:
            f.errors.append(str(_l("The address %(address)s was not found.", address=f.near)))
    if f.radius_km is not None and f.point is None:
        f.radius_km = None
    if f.sort == "distance" and f.point is None:
        f.sort = "relevance"
    return f


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _date(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise SearchError(_l("Dates are written YYYY-MM-DD."), field="available_by") from None


def conditions(f: Filters, place_indexed: bool = True) -> list:
    """SQL conditions for ``f``; published premises only. Not ``place_indexed``: the box and the
    radius tested on each row (``geo.within_bbox``), for rows found another way."""
    where = [Premises.status == PremisesStatus.PUBLISHED.value]
    if f.town:
        where.append(Premises.town_id.in_(db.select(Town.id).where(Town.insee_code == f.town)))
    if f.bbox:
        where.append(geo.within_bbox(Premises.location, Premises.id, f.bbox, place_indexed))
    if f.point and f.radius_km:
        where.append(geo.within_radius(Premises.location, Premises.id, f.lon, f.lat, f.radius_km * 1000,
                                       place_indexed))
    if f.sector:
        where.append(sector_allowed(f.sector))
    if f.min_area is not None:
        where.append(Premises.sales_area_m2 >= f.min_area)
    if f.max_area is not None:
        where.append(Premises.sales_area_m2 <= f.max_area)
    if f.max_rent is not None:
        where.append(Premises.rent_per_year <= f.max_rent)
    if f.deal:
        where.append(Premises.deal_type == f.deal)
    if f.available_by:
        where.append(or_(Premises.available_from.is_(None), Premises.available_from <= f.available_by))
    if f.step_free:
        where.append(Premises.step_free_access.is_(True))
    if f.extraction:
        where.append(Premises.has_extraction.is_(True))
    if f.test_boutique:
        where.append(open_slot_exists())
    return where


def _narrowed(f: Filters) -> bool:
    """True when ``f`` filters on anything but the place (a box, a radius)."""
    return bool(f.town or f.sector or f.min_area is not None or f.max_area is not None or f.max_rent is not None
                or f.deal or f.available_by or f.step_free or f.extraction or f.test_boutique)


def only_the_box(f: Filters) -> bool:
    """True when ``f`` asks for every published unit of its box and nothing else."""
    return not (f.point or _narrowed(f))


def order_by(f: Filters, entity=Premises) -> list:
    """The order of a page; relevance's first key (an open test boutique) is applied by ``search``."""
    if f.sort == "distance" and f.point:
        return [geo.distance_metres(entity.location, f.lon, f.lat), entity.id]
    if f.sort == "rent":
        return [entity.rent_per_year.is_(None), entity.rent_per_year, entity.id]
    if f.sort == "area":
        return [entity.sales_area_m2.desc(), entity.id.desc()]
    # relevance: listings with photos, then the freshest (ix_premises_search_relevance, read backwards)
    return [entity.has_photo.desc(), entity.updated_at.desc(), entity.id.desc()]


COUNT_CAP = 1_000  # beyond this the page says "more than 1,000": counting further costs more than the page


@dataclass
class Page:
    items: list[Premises]
    total: int  # at most COUNT_CAP
    page: int
    pages: int
    more: bool = False  # more than COUNT_CAP results
    featured: set[int] | None = None  # relevance order: every result with an open test-boutique call

    @property
    def has_next(self) -> bool:
        # Past the cap the number of pages is unknown: a full page may have a next one.
        return len(self.items) == PAGE_SIZE if self.more else self.page < self.pages


def _python_order(f: Filters):
    """(the columns, a sort key, reversed) that order rows ``(id, *columns)`` as ``order_by(f)``
    does, for the orders read from plain columns; None for the distance. The columns are read as
    the database stores them (no conversion per row: SQLite's fixed-width date text sorts as it does
    in SQL), so that they compare as the database compares them."""
    if f.sort == "distance" and f.point:
        return None
    if f.sort == "rent":  # cheapest first, no rent last
        return _raw(Premises.rent_per_year), lambda r: (r[1] is None, r[1] if r[1] is not None else 0, r[0]), False
    if f.sort == "area":
        return _raw(Premises.sales_area_m2), lambda r: (r[1], r[0]), True
    return _raw(Premises.has_photo, Premises.updated_at), lambda r: (r[1], r[2], r[0]), True


def _raw(*columns) -> list:
    return [type_coerce(column, NullType()) for column in columns]


def search(f: Filters) -> Page:
    """One page of results. Never counts or sorts every row: the count stops at ``COUNT_CAP`` and
    the page is read in index order."""
    where = conditions(f)
    in_python = _python_order(f)
    # The hits come with their order's keys: with at most COUNT_CAP of them, sorting those few in
    # Python saves sending them back to the database (a thousand ids bound, a thousand rows read).
    rows = db.session.execute(db.select(Premises.id, *(in_python[0] if in_python else ()))
                              .where(*where).limit(COUNT_CAP + 1)).all()
    hits = [row[0] for row in rows]
    found = len(hits)
    more = found > COUNT_CAP
    total = min(found, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = f.page if more else min(f.page, pages)
    start = (page - 1) * PAGE_SIZE
    if not more and in_python:
        items, featured = _from_sorted(f, sorted(rows, key=in_python[1], reverse=in_python[2]), start)
        return Page(items, total, page, pages, featured=featured)
    if not more:
        # At most COUNT_CAP results, all counted: sort those few by id. Left to itself the planner
        # may walk the relevance index through the whole country looking for a small town's hits.
        where = [Premises.id.in_(hits)]
    walk = more and f.sort in ("relevance", "area") and not _narrowed(f)
    if f.sort != "relevance":
        items = (walk and _walked(f, start, PAGE_SIZE)) or db.session.scalars(
            db.select(Premises).where(*where).order_by(*order_by(f)).limit(PAGE_SIZE).offset(start)).all()
        return Page(list(items), total, page, pages, more)
    # Open test boutiques come first: they are few (the open calls' units), read apart, so that
    # the rest is read a page at a time from the relevance index. Over the cap, each is tested for
    # the place on its row: SQLite would list the whole area through the spatial index first.
    featured = db.session.scalars(
        db.select(Premises.id).where(*(conditions(f, place_indexed=False) if more else where),
                                     Premises.id.in_(open_slot_premises())).order_by(*order_by(f))
    ).all()
    ids = featured[start:start + PAGE_SIZE]
    by_id = {p.id: p for p in db.session.scalars(db.select(Premises).where(Premises.id.in_(ids)))} if ids else {}
    items = [by_id[i] for i in ids]
    if len(items) < PAGE_SIZE:
        wanted, skip = PAGE_SIZE - len(items), max(0, start - len(featured))
        walked = walk and _walked(f, skip, wanted, featured)
        if walked:
            items += walked
        else:
            rest = db.select(Premises).where(*where).order_by(*order_by(f))
            if featured:
                rest = rest.where(Premises.id.not_in(featured))
            items += db.session.scalars(rest.limit(wanted).offset(skip)).all()
    return Page(items, total, page, pages, more, featured=set(featured))


def _from_sorted(f: Filters, ordered: list, start: int) -> tuple[list[Premises], set[int] | None]:
    """The page's listings from every hit, already in order (in relevance order the open test
    boutiques first), and the featured ones (None outside relevance order)."""
    ids, featured = [row[0] for row in ordered], None
    if f.sort == "relevance":
        opened = set(db.session.scalars(open_slot_premises()))
        featured = [i for i in ids if i in opened]
        ids = featured + [i for i in ids if i not in opened]
    ids = ids[start:start + PAGE_SIZE]
    by_id = {p.id: p for p in db.session.scalars(db.select(Premises).where(Premises.id.in_(ids)))} if ids else {}
    return [by_id[i] for i in ids], None if featured is None else set(featured)


def to_args(f: Filters, **overrides) -> dict:
    """Query-string arguments that reproduce ``f`` (for links and pagination)."""
    out = {}
    for item in fields(Filters):
        if item.name == "errors" or (item.name in ("lat", "lon") and f.near):
            continue  # an address is shared as typed, and geocoded again when opened
        value = overrides.get(item.name, getattr(f, item.name))
        if value in (None, False, "") or (item.name == "sort" and value == "relevance") or \
                (item.name == "page" and value == 1):
            continue
        if isinstance(value, BBox):
            value = f"{value.min_lon},{value.min_lat},{value.max_lon},{value.max_lat}"
        out[item.name] = "1" if value is True else str(value)
    return out


# Published listings read in the order's index before a dense search falls back to sorting its hits.
WALK_AT_MOST = 20_000


def _walked(f: Filters, skip: int, count: int, featured=()) -> list[Premises] | None:
    """A page of a search for a place (a box, a radius) with over COUNT_CAP hits, read among the
    first published listings in the page's order, or None when not found there.

    With that many hits, about one listing in (published / hits) is in the place: the page lies
    among the first listings of the order's index, read lazily until the page is full, whereas the
    place's hits fetched through the spatial index and sorted grow with it (a 5 km radius in Paris
    at a million listings: 97,000 rows, half a second). The walk stops at WALK_AT_MOST listings;
    its answer is exact, being the first of a prefix of the order. A place whose listings all lie
    far down the order (none with a photo, say) falls back to the sort."""
    prefix = db.select(Premises).where(Premises.status == PremisesStatus.PUBLISHED.value)
    if featured:
        prefix = prefix.where(Premises.id.not_in(featured))
    prefix = prefix.order_by(*order_by(f)).limit(WALK_AT_MOST).subquery()
    walked = aliased(Premises, prefix)
    place = []  # tested on each row of the prefix
    if f.bbox:
        place.append(geo.within_bbox(walked.location, walked.id, f.bbox, indexed=False))
    if f.point and f.radius_km:
        place.append(geo.within_radius(walked.location, walked.id, f.lon, f.lat, f.radius_km * 1000, indexed=False))
    items = db.session.scalars(db.select(walked).where(*place).order_by(*order_by(f, walked))
                               .limit(count).offset(skip)).all()
    return list(items) if len(items) == count else None
