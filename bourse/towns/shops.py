"""Importing a town's existing shops from CSV (all rows or none, or the valid ones), and the town's matching settings."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Callable

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.domain import NotFound
from bourse.extensions import db
from bourse.geo import make_point, point_coords
from bourse.geo.france import distance_metres, in_france
from bourse.weights import clean
from bourse.sectors import SECTOR_CODES, SECTORS
from bourse.towns.models import Town, TownShop

MAX_ROWS = 5000
MAX_DISTANCE_M = 20_000
REQUIRED = ("name", "sector", "lat", "lon")
MAX_PROBLEMS_KEPT = 500  # a report lists this many bad lines, and counts the rest

# What can be wrong with a file or a line; the report keeps the code, the page words it in the
# reader's language.
FILE_PROBLEMS = {
    "encoding": _l("The file must be UTF-8 text (CSV)."),
    "header": _l("The first line must name the columns: name, sector, lat, lon (and address)."),
    "too_many": _l("At most %(n)d shops per file.", n=MAX_ROWS),
    "missing": _l("The file is no longer available: send it again."),
    "not_allowed": _l("You no longer manage this town."),
}
LINE_PROBLEMS = {
    "name": _l("Line %(n)d: the name is missing."),
    "sector": _l("Line %(n)d: unknown sector “%(s)s”."),
    "place": _l("Line %(n)d: the latitude and longitude are not a place in France."),
    "far": _l("Line %(n)d: this place is far from %(town)s."),
}


@dataclass
class ImportReport:
    """What an import did, line by line; kept as the import job's result."""

    outcome: str  # "imported" or "refused"
    rows: int = 0
    added: int = 0
    replaced: int = 0
    valid_only: bool = False
    file_problem: str | None = None
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, value), the first ones
    problem_count: int = 0

    @property
    def imported(self) -> bool:
        return self.outcome == "imported"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["problems"] = [tuple(p) for p in known.get("problems", [])]
        return cls(**known)

    def messages(self, town_name: str) -> list[str]:
        """The problems, worded in the current language."""
        if self.file_problem:
            return [str(FILE_PROBLEMS[self.file_problem])]
        return [str(LINE_PROBLEMS[code]) % {"n": line, "s": value, "town": town_name}
                for line, code, value in self.problems]


def manages(user: User, town: Town) -> bool:
    """True when ``user`` manages ``town`` or is an administrator."""
    return user.has_role(Role.ADMIN) or (user.has_role(Role.TOWN_MANAGER) and town in user.towns)


def require_manage_town(user: User, town: Town) -> None:
    """:raises NotFound: unless ``user`` manages ``town`` or is an administrator."""
    if not manages(user, town):
        raise NotFound()


def _sector_codes() -> dict[str, str]:
    """Every accepted spelling of a sector (its code, or its French or English label in any case) -> its code."""
    spellings = {code: code for code in SECTOR_CODES}
    for language in ("en", "fr"):
        with force_locale(language):
            spellings |= {str(s.label).lower(): s.code for s in SECTORS}
    return spellings


def _problem(row: dict, by_spelling: dict[str, str], centre: tuple[float, float], town: Town):
    """``(code, value)`` of the row's first problem, or the row's ``TownShop``."""
    name = (row.get("name") or "").strip()
    raw_sector = (row.get("sector") or "").strip()
    sector = by_spelling.get(raw_sector) or by_spelling.get(raw_sector.lower())
    try:
        lat, lon = float((row.get("lat") or "").replace(",", ".")), float((row.get("lon") or "").replace(",", "."))
    except ValueError:
        lat = lon = None
    if not name:
        return ("name", "")
    if sector is None:
        return ("sector", raw_sector[:60])
    if lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or not in_france(lon, lat):
        return ("place", "")
    if distance_metres(lon, lat, *centre) > MAX_DISTANCE_M:
        return ("far", "")
    return TownShop(town_id=town.id, name=name[:140], sector=sector, address=(row.get("address") or "").strip()[:255],
                    location=make_point(lon, lat))


def _rows(data: bytes) -> list[dict] | str:
    """The file's rows keyed by lower-case column name, or the code of what makes the file unreadable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "encoding"
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not set(REQUIRED) <= set(header):
        return "header"
    reader.fieldnames = header
    rows = []
    for row in reader:
        if len(rows) == MAX_ROWS:
            return "too_many"
        rows.append(row)
    return rows


def import_shops(town: Town, data: bytes, replace: bool = False, valid_only: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Load ``name, sector, lat, lon[, address]`` rows (comma or semicolon separated, UTF-8).

    All rows or none: one bad line refuses the file, unless ``valid_only``, which imports the good
    lines and reports the others. ``progress(done, total)`` is told as lines are checked.
    Nothing is written before every line has been read, so a refused file leaves no trace.
    """
    rows = _rows(data)
    if isinstance(rows, str):
        return ImportReport("refused", file_problem=rows, valid_only=valid_only)
    by_spelling, centre = _sector_codes(), point_coords(town.centre)
    shops, report = [], ImportReport("imported", rows=len(rows), valid_only=valid_only)
    for index, row in enumerate(rows):
        checked = _problem(row, by_spelling, centre, town)
        if isinstance(checked, TownShop):
            shops.append(checked)
        else:
            report.problem_count += 1
            if len(report.problems) < MAX_PROBLEMS_KEPT:
                report.problems.append((index + 2, *checked))
        if progress is not None and (index % 50 == 0 or index == len(rows) - 1):
            progress(index + 1, len(rows))
    if report.problem_count and not valid_only:
        report.outcome = "refused"
        return report
    if replace:
        report.replaced = db.session.execute(db.delete(TownShop).where(TownShop.town_id == town.id)).rowcount or 0
    db.session.add_all(shops)
    db.session.flush()
    report.added = len(shops)
    return report


def save_settings(actor: User, town: Town, missing_sectors: list[str], weights: dict) -> None:
    """The town's trades it lacks, and its default matching weights."""
    require_manage_town(actor, town)
    town.missing_sectors = [s for s in missing_sectors if s in SECTOR_CODES]
    town.match_weights = clean(weights)
    db.session.flush()


def shop_count(town: Town) -> int:
    return db.session.scalar(db.select(db.func.count(TownShop.id)).where(TownShop.town_id == town.id)) or 0
