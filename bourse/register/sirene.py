"""Sirene (INSEE's register of business establishments) as a source for the unit register.

The file is INSEE's ``StockEtablissement`` in its published column layout, or its geocoded variant
with ``longitude``/``latitude``; a département's extract is hundreds of megabytes, so it is read
as a stream, and a row costs one comparison (its town code) unless it is in a town asked for.

Kept: establishments whose activity occupies a shop unit (``naf.activity``), with coordinates.
An active establishment says its unit is occupied since its creation; a closed one
(``etatAdministratifEtablissement = F``) gives a probable vacancy from its closing date, which a
survey confirms or not. Each establishment is matched to the unit that already carries its SIRET,
or to a unit a few metres off that no establishment has claimed, or makes a new unit.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from sqlalchemy import func, insert

from bourse.extensions import db
from bourse.geo import lambert, make_point, point_coords
from bourse.geo.france import distance_metres, in_france
from bourse.geo.nearby import PointIndex
from bourse.register import naf
from bourse.register.models import Observation, Source, SurveyCampaign, Unit, UnitState
from bourse.register.reports import ImportReport
from bourse.register.services import SAME_UNIT_METRES, address_key, refresh_current
from bourse.register.survey import MAX_DISTANCE_M, parse_date
from bourse.timeutil import utcnow
from bourse.towns.models import Town

REQUIRED = ("siret", "etatAdministratifEtablissement", "activitePrincipaleEtablissement", "codeCommuneEtablissement")
LAMBERT = ("coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement")
GEOCODED = ("longitude", "latitude")
# A closure older than this tells nothing about the unit today.
CLOSED_WITHIN = timedelta(days=3 * 365)
PROGRESS_EVERY_BYTES = 4 * 1024 * 1024


@dataclass
class Establishment:
    line: int
    siret: str
    active: bool
    naf_code: str
    activity: naf.Activity
    on: date  # created (active), or closed (closed)
    name: str | None
    address: str
    lon: float  # or Lambert-93 x until converted
    lat: float  # or Lambert-93 y until converted
    projected: bool = False


@dataclass
class Scan:
    """What one pass over the file found, per town asked for."""

    by_town: dict[str, list[Establishment]] = field(default_factory=dict)
    reports: dict[str, ImportReport] = field(default_factory=dict)
    rows: int = 0


def _columns(header: list[str]) -> dict[str, int]:
    return {name.strip().strip('"'): index for index, name in enumerate(header)}


def _text(binary: io.BufferedIOBase) -> tuple[TextIO, list[str]]:
    """The stream as text: UTF-8, or Windows Latin-1 when its first megabyte is not UTF-8."""
    start = binary.peek(1 << 20)[: 1 << 20] if hasattr(binary, "peek") else b""
    try:
        start.decode("utf-8")
        encoding, notices = "utf-8-sig", []
    except UnicodeDecodeError as error:
        cut_multibyte = error.start >= len(start) - 3  # the sample ended inside a character
        encoding, notices = ("utf-8-sig", []) if cut_multibyte else ("cp1252", ["latin1"])
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline=""), notices


def scan(binary: io.BufferedIOBase, towns: dict[str, Town], size: int | None = None,
         progress: Callable[[int, int], None] | None = None, today: date | None = None) -> Scan:
    """Read the whole file once, keeping the establishments of ``towns`` (by INSEE code).

    :raises TableProblem-like: no; a file that cannot be read is reported in every town's report.
    """
    today = today or utcnow().date()
    found = Scan(by_town={code: [] for code in towns},
                 reports={code: ImportReport("imported") for code in towns})
    text, notices = _text(binary)
    try:
        return _read(text, binary, notices, found, towns, size, progress, today)
    finally:
        text.detach()  # the caller owns, and closes, the binary stream


def _read(text: TextIO, binary, notices: list[str], found: Scan, towns: dict[str, Town], size, progress,
          today: date) -> Scan:
    for report in found.reports.values():
        report.notices = list(notices)
    first = text.readline()
    separator = max((",", ";", "\t"), key=first.count)
    columns = _columns(next(csv.reader([first], delimiter=separator), []))
    missing = [name for name in REQUIRED if name not in columns]
    if not (set(LAMBERT) <= set(columns) or set(GEOCODED) <= set(columns)):
        missing.append(" / ".join(LAMBERT) + " or longitude / latitude")
    if missing:
        for report in found.reports.values():
            report.outcome, report.file_problem, report.file_detail = "refused", "header", ", ".join(missing)
        return found
    town_column, wanted = columns["codeCommuneEtablissement"], set(towns)
    centres = {code: point_coords(town.centre) for code, town in towns.items()}
    seen: dict[str, dict[str, int]] = {code: {} for code in towns}
    next_progress = PROGRESS_EVERY_BYTES
    line = 1
    for line, row in enumerate(csv.reader(text, delimiter=separator), start=2):
        # The one test every row pays; everything else is for the few rows of the towns asked for.
        if len(row) <= town_column or row[town_column] not in wanted:
            if progress is not None and size and line % 20000 == 0:
                position = binary.tell()
                if position >= next_progress:
                    progress(position, size)
                    next_progress = position + PROGRESS_EVERY_BYTES
            continue
        code = row[town_column]
        checked = _establishment(line, row, columns, today)
        report = found.reports[code]
        if isinstance(checked, Establishment):
            earlier = seen[code].get(checked.siret)
            if earlier is not None:
                report.problem(line, "duplicate", earlier)
            else:
                seen[code][checked.siret] = line
                found.by_town[code].append(checked)
        elif checked[0] == "skip":
            report.skipped += 1
        else:
            report.problem(line, *checked)
    found.rows = line - 1
    _locate(found, centres)
    for report in found.reports.values():
        report.rows = found.rows
    if progress is not None and size:
        progress(size, size)
    return found


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _place(row, columns):
    """``("wgs84", lon, lat)``, ``("lambert93", x, y)`` (converted later, a whole file at once),
    ``("skip",)`` without coordinates, or a ``(code, value)`` problem."""
    lon, lat = _number(_cell(row, columns, "longitude")), _number(_cell(row, columns, "latitude"))
    if lon is not None and lat is not None:
        if lambert.looks_like_lambert93(lon, lat):
            return ("lambert_as_degrees", f"{lat} {lon}")
        return ("wgs84", lon, lat)
    x, y = _number(_cell(row, columns, LAMBERT[0])), _number(_cell(row, columns, LAMBERT[1]))
    if x is None or y is None:
        return ("skip",)  # Sirene has no point for it (not geocoded, or not public)
    if not lambert.looks_like_lambert93(x, y):  # degrees in the Lambert columns, or nowhere in France
        return ("lambert", f"{x} {y}")
    return ("lambert93", x, y)


def _where_problem(lon: float, lat: float, centre) -> tuple[str, str] | None:
    if not in_france(lon, lat):
        return ("swapped", f"{lat} {lon}") if in_france(lat, lon) else ("outside_france", f"{lat} {lon}")
    if distance_metres(lon, lat, *centre) > MAX_DISTANCE_M:
        return ("outside_town", f"{lat:.5f} {lon:.5f}")
    return None


def _locate(found: Scan, centres: dict) -> None:
    """Convert the kept establishments' Lambert-93 points in one go, then check every point."""
    pending = [e for kept in found.by_town.values() for e in kept if e.projected]
    if pending:
        lons, lats = lambert.to_wgs84([e.lon for e in pending], [e.lat for e in pending])
        for e, lon, lat in zip(pending, lons, lats):
            e.lon, e.lat, e.projected = lon, lat, False
    for code, kept in found.by_town.items():
        located = []
        for e in kept:
            problem = _where_problem(e.lon, e.lat, centres[code])
            if problem:
                found.reports[code].problem(e.line, *problem)
            else:
                located.append(e)
        found.by_town[code] = located


def _establishment(line: int, row: list[str], columns: dict[str, int], today: date):
    """The row as an ``Establishment``, ``("skip",)`` for what does not occupy a shop unit, or a problem."""
    nomenclature = _cell(row, columns, "nomenclatureActivitePrincipaleEtablissement")
    if nomenclature and nomenclature != "NAFRev2":
        return ("skip",)  # an old code of a long-closed establishment
    raw_naf = _cell(row, columns, "activitePrincipaleEtablissement")
    if naf.normalise(raw_naf) is None:
        return ("naf", raw_naf[:20])  # not shaped like a NAF code at all: a broken row
    activity = naf.activity(raw_naf)
    if activity is None:
        return ("skip",)
    active = _cell(row, columns, "etatAdministratifEtablissement") == "A"
    raw_day = _cell(row, columns, "dateCreationEtablissement" if active else "dateDebut") or \
        _cell(row, columns, "dateCreationEtablissement")
    day = parse_date(raw_day) if raw_day else None
    if raw_day and day is None:
        return ("date", raw_day[:30])
    if day is not None and day > today:
        return ("future", raw_day[:30])
    if not active and (day is None or today - day > CLOSED_WITHIN):
        return ("skip",)
    where = _place(row, columns)
    if where[0] not in ("wgs84", "lambert93"):
        return where
    name = (_cell(row, columns, "enseigne1Etablissement") or _cell(row, columns, "denominationUsuelleEtablissement")
            or None)
    street = " ".join(filter(None, (_cell(row, columns, c) for c in (
        "numeroVoieEtablissement", "indiceRepetitionEtablissement", "typeVoieEtablissement",
        "libelleVoieEtablissement"))))
    return Establishment(line, _cell(row, columns, "siret"), active,
                         naf.normalise(_cell(row, columns, "activitePrincipaleEtablissement")), activity,
                         day or today, name[:140] if name else None, _street(street), where[1], where[2],
                         projected=where[0] == "lambert93")


# "PASS" is Sirene's abbreviation of "passage" (a street type), not a password.
STREET_TYPES = {"AV": "avenue", "BD": "boulevard", "PL": "place", "R": "rue", "RTE": "route", "QU": "quai",  # nosec B105
                "IMP": "impasse", "ALL": "allée", "CHE": "chemin", "CRS": "cours", "PASS": "passage", "SQ": "square"}


def _street(text: str) -> str:
    """``"12 R DU LAIT"`` → ``"12 rue du Lait"``-ish: Sirene abbreviates street types."""
    words = text.split()
    return " ".join(STREET_TYPES.get(w, w.capitalize() if len(w) > 3 else w.lower()) for w in words)[:255]


def import_establishments(town: Town, establishments: list[Establishment], report: ImportReport,
                          valid_only: bool, actor_id: int | None, filename: str | None) -> ImportReport:
    """Write one town's establishments as a Sirene campaign, unless the report refuses the file."""
    report.valid_only = valid_only
    report.problems.sort()
    if report.file_problem or (report.problem_count and not valid_only):
        report.outcome = "refused"
        return report
    campaign = SurveyCampaign(town_id=town.id, name=f"Sirene {utcnow().date().isoformat()}",
                              surveyed_on=utcnow().date(), method="sirene", filename=(filename or "")[:140] or None,
                              created_by=actor_id)
    db.session.add(campaign)
    db.session.flush()
    report.campaign_id = campaign.id
    plan, new_establishments = _match(town, sorted(establishments, key=lambda e: (not e.active, e.line)))
    new_units = [Unit(town_id=town.id, address=e.address, address_key=address_key(e.address), name=e.name,
                      location=make_point(e.lon, e.lat)) for e in new_establishments]
    db.session.add_all(new_units)
    db.session.flush()
    plan = [(e, ref if isinstance(ref, int) else new_units[ref[1]].id) for e, ref in plan]
    known = _already_recorded(town)
    rows = [{"unit_id": unit_id, "observed_on": e.on, "source": Source.SIRENE.value, "ref": e.siret,
             "state": (UnitState.OCCUPIED if e.active else UnitState.VACANT).value,
             "sector": e.activity.sector if e.active else None, "naf_code": e.naf_code if e.active else None,
             "obs_class": e.activity.obs_class if e.active else None, "name": e.name, "campaign_id": campaign.id,
             "note": "" if e.active else "sirene_closed", "created_at": utcnow()}
            for e, unit_id in plan if (e.siret, e.active, e.on) not in known]
    if rows:
        db.session.execute(insert(Observation), rows)
    refresh_current(row["unit_id"] for row in rows)
    report.created, report.matched, report.observations = len(new_units), len(plan) - len(new_units), len(rows)
    report.skipped += len(establishments) - len(plan)
    campaign.report = report.as_dict()
    db.session.flush()
    return report


def _already_recorded(town: Town) -> set[tuple[str, bool, date]]:
    """What earlier imports of Sirene recorded in this town: importing a file twice adds nothing."""
    rows = db.session.execute(db.select(Observation.ref, Observation.state, Observation.observed_on)
                              .join(Unit, Unit.id == Observation.unit_id)
                              .where(Unit.town_id == town.id, Observation.source == Source.SIRENE.value))
    return {(ref, state == UnitState.OCCUPIED.value, day) for ref, state, day in rows}


def _match(town: Town, establishments: Iterable[Establishment]):
    """Each establishment's unit: an id, or ``("new", i)`` for the i-th new unit; and the
    establishments the new units are made from. Actives come first, so that a closed shop's
    vacancy lands on the unit its successor occupies (and is dropped when the successor opened
    before it closed: the unit never stood empty)."""
    by_siret = dict(db.session.execute(
        db.select(Observation.ref, Observation.unit_id).join(Unit, Unit.id == Observation.unit_id)
        .where(Unit.town_id == town.id, Observation.ref.is_not(None))).all())
    found = db.session.execute(db.select(Unit.id, func.ST_X(Unit.location), func.ST_Y(Unit.location))
                               .where(Unit.town_id == town.id)).all()
    centre_lat = point_coords(town.centre)[1]
    index = PointIndex([r[0] for r in found], [r[1] for r in found], [r[2] for r in found], centre_lat)
    claimed: dict[object, date] = {unit_id: date.min for unit_id in by_siret.values()}
    plan, new, made = [], [], None
    for e in establishments:
        ref = by_siret.get(e.siret)
        if ref is None:
            near = index.within(e.lon, e.lat, SAME_UNIT_METRES)
            if not e.active and new:  # the units this file makes are units too
                if made is None or len(made.ids) != len(new):
                    made = PointIndex([("new", i) for i in range(len(new))], [n.lon for n in new],
                                      [n.lat for n in new], centre_lat)
                near = made.within(e.lon, e.lat, SAME_UNIT_METRES) + near
            free = [u for u in near if u not in claimed]
            ref = free[0] if free else (near[0] if near and not e.active else None)
        if ref is not None and not e.active and claimed.get(ref, date.min) > date.min and claimed[ref] <= e.on:
            continue  # its successor opened before it closed
        if ref is None:
            ref = ("new", len(new))
            new.append(e)
        if e.active:
            claimed[ref] = e.on
        else:
            claimed.setdefault(ref, date.min)
        plan.append((e, ref))
    return plan, new


@contextmanager
def open_stream(path: Path) -> Iterator[tuple[io.BufferedIOBase, int]]:
    """The file as a binary stream and its size (for progress), through gzip or zip when it is one:
    département extracts come compressed."""
    with path.open("rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        if magic[:2] == b"\x1f\x8b":
            with gzip.open(raw) as unpacked:
                yield io.BufferedReader(_Counted(unpacked, raw)), path.stat().st_size
        elif magic == b"PK\x03\x04":
            with zipfile.ZipFile(raw) as archive:
                member = next((m for m in archive.infolist() if m.filename.lower().endswith(".csv")),
                              archive.infolist()[0])
                with archive.open(member) as unpacked:
                    yield io.BufferedReader(_Counted(unpacked, raw)), path.stat().st_size
        else:
            yield raw, path.stat().st_size


class _Counted(io.RawIOBase):
    """A decompressing stream whose ``tell()`` is the position in the compressed file (for progress)."""

    def __init__(self, inner, outer) -> None:
        self._inner, self._outer = inner, outer

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self._outer.tell()


def import_file(binary: io.BufferedIOBase, towns: list[Town], size: int | None = None, valid_only: bool = False,
                actor_id: int | None = None, filename: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> dict[str, ImportReport]:
    """Scan the file once for ``towns`` and write each town's establishments; reports by INSEE code."""
    by_code = {town.insee_code: town for town in towns}
    found = scan(binary, by_code, size=size, progress=progress)
    reports = {}
    for code, town in by_code.items():
        report = found.reports[code]
        if not found.by_town[code] and not report.problem_count and not report.file_problem:
            report.outcome, report.file_problem, report.file_detail = "refused", "town", code
        reports[code] = import_establishments(town, found.by_town[code], report, valid_only, actor_id, filename)
    return reports
