"""Importing a town's existing shops from CSV (all rows or none), and the town's matching settings."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import DomainError, NotFound
from bourse.extensions import db
from bourse.geo import make_point, point_coords
from bourse.geo.france import distance_metres, in_france
from bourse.weights import clean
from bourse.sectors import SECTOR_CODES, SECTORS
from bourse.towns.models import Town, TownShop

MAX_ROWS = 5000
MAX_DISTANCE_M = 20_000
REQUIRED = ("name", "sector", "lat", "lon")


class ShopImportError(DomainError):
    """The file was refused; ``lines`` lists each problem with its line number."""

    def __init__(self, message, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.lines = lines or []


def require_manage_town(user: User, town: Town) -> None:
    """:raises NotFound: unless ``user`` manages ``town`` or is an administrator."""
    if not (user.has_role(Role.ADMIN) or (user.has_role(Role.TOWN_MANAGER) and town in user.towns)):
        raise NotFound()


def _sector_code(value: str) -> str | None:
    value = value.strip()
    if value in SECTOR_CODES:
        return value
    by_label = {str(s.label).lower(): s.code for s in SECTORS}
    return by_label.get(value.lower())


@dataclass
class ImportResult:
    added: int
    replaced: int


def import_shops(actor: User, town: Town, data: bytes, replace: bool) -> ImportResult:
    """Load ``name, sector, lat, lon[, address]`` rows (comma or semicolon separated, UTF-8).

    :raises ShopImportError: listing every bad line; nothing is written then.
    """
    require_manage_town(actor, town)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ShopImportError(_l("The file must be UTF-8 text (CSV).")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not set(REQUIRED) <= set(header):
        raise ShopImportError(_l("The first line must name the columns: name, sector, lat, lon (and address)."))
    reader.fieldnames = header
    centre_lon, centre_lat = point_coords(town.centre)
    shops, problems = [], []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise ShopImportError(_l("At most %(n)d shops per file.", n=MAX_ROWS))
        name, sector = (row.get("name") or "").strip(), _sector_code(row.get("sector") or "")
        try:
            lat, lon = float((row.get("lat") or "").replace(",", ".")), float((row.get("lon") or "").replace(",", "."))
        except ValueError:
            lat = lon = None
        if not name:
            problems.append(str(_l("Line %(n)d: the name is missing.", n=number)))
        elif sector is None:
            problems.append(str(_l("Line %(n)d: unknown sector “%(s)s”.", n=number, s=row.get("sector") or "")))
        elif lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or not in_france(lon, lat):
            problems.append(str(_l("Line %(n)d: the latitude and longitude are not a place in France.", n=number)))
        elif distance_metres(lon, lat, centre_lon, centre_lat) > MAX_DISTANCE_M:
            problems.append(str(_l("Line %(n)d: this place is far from %(town)s.", n=number, town=town.name)))
        else:
            shops.append(TownShop(town_id=town.id, name=name[:140], sector=sector,
                                  address=(row.get("address") or "").strip()[:255], location=make_point(lon, lat)))
    if problems:
        raise ShopImportError(_l("Nothing was imported: correct these lines and try again."), problems)
    replaced = 0
    if replace:
        replaced = db.session.execute(db.delete(TownShop).where(TownShop.town_id == town.id)).rowcount or 0
    db.session.add_all(shops)
    db.session.flush()
    return ImportResult(added=len(shops), replaced=replaced)


def save_settings(actor: User, town: Town, missing_sectors: list[str], weights: dict) -> None:
    """The town's trades it lacks, and its default matching weights."""
    require_manage_town(actor, town)
    town.missing_sectors = [s for s in missing_sectors if s in SECTOR_CODES]
    town.match_weights = clean(weights)
    db.session.flush()


def shop_count(town: Town) -> int:
    return db.session.scalar(db.select(db.func.count(TownShop.id)).where(TownShop.town_id == town.id)) or 0
