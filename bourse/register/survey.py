"""One row of a survey file, checked: where the unit is, what it is, and when it was seen.

``check(row, …)`` returns a ``SurveyRow`` or a ``(code, value)`` problem; nothing here touches the
database, so a whole file is checked before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale

from bourse.geo import lambert
from bourse.geo.france import distance_metres, in_france
from bourse.register import naf
from bourse.register.models import UnitState
from bourse.sectors import SECTORS

MAX_DISTANCE_M = 20_000  # from the town's centre: further off is another town

STATES = {
    UnitState.OCCUPIED: ("occupied", "occupe", "occupee", "o", "actif", "active", "ouvert", "en activite"),
    UnitState.VACANT: ("vacant", "vacante", "v", "vide", "libre", "ferme", "inoccupe", "disponible"),
    UnitState.WORKS: ("works", "travaux", "en travaux", "t", "chantier"),
    UnitState.GONE: ("gone", "disparu", "supprime", "demoli", "transforme", "plus commercial"),
}
_STATE_BY_SPELLING = {spelling: state for state, spellings in STATES.items() for spelling in spellings}
# The words French surveys (and observatories' grids) use for the trades, beside the labels.
SECTOR_WORDS = {
    "alimentation": "food", "alimentaire": "food", "commerce alimentaire": "food", "metiers de bouche": "food",
    "restauration": "restaurant", "restaurant": "restaurant", "cafe": "restaurant", "bar": "restaurant",
    "cafe hotel restaurant": "restaurant", "chr": "restaurant",
    "equipement de la personne": "personal_goods", "habillement": "personal_goods", "mode": "personal_goods",
    "equipement de la maison": "home_culture", "culture loisirs": "home_culture", "culture et loisirs": "home_culture",
    "hygiene sante beaute": "health_beauty", "sante beaute": "health_beauty", "beaute": "health_beauty",
    "sante": "health_beauty", "services": "services", "service": "services", "agence": "services",
    "artisanat": "crafts",
}


@dataclass
class SurveyRow:
    line: int
    state: UnitState
    lon: float | None
    lat: float | None
    address: str
    sector: str | None
    naf_code: str | None
    obs_class: str | None
    name: str | None
    observed_on: date
    unit_id: int | None = None  # the unit it matched, once matched


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower().split())


def sector_spellings() -> dict[str, str]:
    """Every accepted spelling of a sector (its code, or its French or English label) → its code."""
    spellings = {s.code: s.code for s in SECTORS}
    for language in ("en", "fr"):
        with force_locale(language):
            spellings |= {_plain(str(s.label)): s.code for s in SECTORS}
    return spellings | SECTOR_WORDS


def missing_columns(columns: set[str]) -> list[str]:
    """The columns a survey file lacks, by their usual names (empty when it can be read)."""
    missing = []
    if "address" not in columns and not {"lat", "lon"} <= columns and not {"x", "y"} <= columns:
        missing.append("address / lat, lon")
    if not columns & {"state", "sector", "naf"}:
        missing.append("state / sector / naf")
    return missing


def number(text: str) -> float | None:
    """``"47,668"`` (a French spreadsheet) or ``"47.668"`` → 47.668; None for anything else."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern).date()
        except ValueError:
            continue
    return None


def place(row: dict, centre: tuple[float, float]):
    """``(lon, lat)``, or ``None`` when the row gives no point, or a ``(code, value)`` problem."""
    if row.get("_geometry"):
        return ("not_point", row["_geometry"])
    if row.get("x") or row.get("y"):
        x, y = number(row.get("x", "")), number(row.get("y", ""))
        if x is None or y is None:
            return ("coordinates", f"{row.get('x', '')} {row.get('y', '')}"[:40])
        if lambert.looks_like_degrees(x, y):
            return ("degrees_as_lambert", f"{x} {y}")
        if not lambert.looks_like_lambert93(x, y) or "_wgs84" not in row:
            return ("outside_france", f"{x} {y}")
        lon, lat = row["_wgs84"]
    elif row.get("lat") or row.get("lon"):
        lat, lon = number(row.get("lat", "")), number(row.get("lon", ""))
        if lat is None or lon is None:
            return ("coordinates", f"{row.get('lat', '')} {row.get('lon', '')}"[:40])
        if lambert.looks_like_lambert93(lon, lat) or lambert.looks_like_lambert93(lat, lon):
            return ("lambert_as_degrees", f"{lat} {lon}")
        if not in_france(lon, lat):
            return ("swapped", f"{lat} {lon}") if in_france(lat, lon) else ("outside_france", f"{lat} {lon}")
    else:
        return None
    if distance_metres(lon, lat, *centre) > MAX_DISTANCE_M:
        return ("outside_town", f"{lat:.5f} {lon:.5f}")
    return lon, lat


def convert_lambert(rows: list[tuple[int, dict]]) -> None:
    """Give every row whose x and y are Lambert-93 metres its WGS 84 point (``row["_wgs84"]``), all
    rows in one conversion."""
    pending = []
    for _line, row in rows:
        x, y = number(row.get("x", "")), number(row.get("y", ""))
        if x is not None and y is not None and lambert.looks_like_lambert93(x, y):
            pending.append((row, x, y))
    if pending:
        lons, lats = lambert.to_wgs84([p[1] for p in pending], [p[2] for p in pending])
        for (row, _x, _y), lon, lat in zip(pending, lons, lats):
            row["_wgs84"] = (lon, lat)


def check(line: int, row: dict, spellings: dict[str, str], centre: tuple[float, float], default_day: date,
          today: date):
    """The row as a ``SurveyRow``, or its first problem as ``(code, value)``."""
    where = place(row, centre)
    if isinstance(where, tuple) and isinstance(where[0], str):
        return where
    address = " ".join((row.get("address") or "").split())[:255]
    if where is None and not address:
        return ("place_missing", "")
    raw_sector, raw_naf = (row.get("sector") or "").strip(), (row.get("naf") or "").strip()
    sector = spellings.get(_plain(raw_sector).replace(",", "").replace("-", " ")) if raw_sector else None
    if raw_sector and sector is None:
        return ("sector", raw_sector[:60])
    naf_code, obs_class = None, None
    if raw_naf:
        naf_code, activity = naf.normalise(raw_naf), naf.activity(raw_naf)
        if activity is None:
            return ("naf", raw_naf[:20])
        sector, obs_class = sector or activity.sector, activity.obs_class
    raw_state = _plain(row.get("state") or "")
    state = _STATE_BY_SPELLING.get(raw_state) if raw_state else (UnitState.OCCUPIED if sector else None)
    if state is None:
        return ("state", (row.get("state") or "")[:30])
    observed_on = default_day
    if (row.get("date") or "").strip():
        observed_on = parse_date(row["date"])
        if observed_on is None:
            return ("date", row["date"][:30])
        if observed_on > today:
            return ("future", row["date"][:30])
    occupied = state == UnitState.OCCUPIED
    lon, lat = where if where else (None, None)
    return SurveyRow(line, state, lon, lat, address, sector if occupied else None, naf_code if occupied else None,
                     obs_class if occupied else None, (row.get("name") or "").strip()[:140] or None, observed_on)


def fingerprint(row: SurveyRow) -> tuple:
    """Two rows with the same fingerprint say the same thing twice."""
    where = (round(row.lon, 6), round(row.lat, 6)) if row.lon is not None else re.sub(r"\W+", " ", _plain(row.address))
    return (where, row.state, row.sector, row.naf_code, _plain(row.name or ""), row.observed_on)
