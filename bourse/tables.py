"""Reading a table someone exported from a spreadsheet or a GIS: CSV (comma, semicolon or tab,
UTF-8 or Latin-1) or GeoJSON points, as numbered rows keyed by canonical column names (each
import passes the spellings it accepts for its columns).

What cannot be read is a ``TableProblem`` with a code, worded by TABLE_PROBLEMS.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

Aliases = dict[str, tuple[str, ...]]  # canonical column -> accepted spellings
MAX_PROBLEMS_KEPT = 500  # an import's report lists this many bad lines, and counts the rest
# What stops a whole file, in words (``%(detail)s``: the missing columns, the row limit).
TABLE_PROBLEMS = {
    "encoding": _l("The file is not text: send a CSV (comma or semicolon separated) or a GeoJSON file."),
    "empty": _l("The file holds no rows."),
    "json": _l("The file starts like JSON but is not valid JSON."),
    "geojson": _l("The GeoJSON file must be a FeatureCollection of points."),
    "header": _l("Columns are missing: %(detail)s."),
    "too_many": _l("At most %(detail)s rows per file."),
    "missing": _l("The file is no longer available: send it again."),
}


class TableProblem(Exception):
    """The file as a whole cannot be read: ``code`` says why, ``detail`` what (missing columns…)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


@dataclass
class Table:
    kind: str  # "csv" or "geojson"
    columns: set[str]
    rows: list[tuple[int, dict]]  # (line or feature number, {canonical column: text})
    notices: list[str] = field(default_factory=list)  # "latin1": read as Windows Latin-1


def canonical(header: str, aliases: Aliases) -> str:
    plain = unicodedata.normalize("NFKD", header or "").encode("ascii", "ignore").decode().lower().strip()
    plain = "_".join(plain.replace("-", " ").replace("_", " ").split())
    return next((name for name, spellings in aliases.items() if plain in spellings), plain)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text, and ``["latin1"]`` when it was not UTF-8 (a spreadsheet's "CSV (Windows)" export)."""
    if b"\x00" in data[:65536]:
        raise TableProblem("encoding")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["latin1"]


def read(data: bytes, max_rows: int, aliases: Aliases) -> Table:
    """:raises TableProblem: for a binary file, invalid JSON, a GeoJSON that is not a collection of
    features, an empty file, or more than ``max_rows`` rows."""
    text, notices = decode(data)
    if not text.strip():
        raise TableProblem("empty")
    table = _geojson(text, aliases) if text.lstrip().startswith(("{", "[")) else _csv(text, aliases)
    if not table.rows:
        raise TableProblem("empty")
    if len(table.rows) > max_rows:
        raise TableProblem("too_many", str(max_rows))
    table.notices = notices
    return table


def delimiter(header_line: str) -> str:
    """The separator the header line uses most: a French spreadsheet writes ``;`` since ``,`` is its
    decimal mark."""
    return max((";", ",", "\t"), key=header_line.count)


def _csv(text: str, aliases: Aliases) -> Table:
    first = text.lstrip("\ufeff").splitlines()[0]
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(first))
    header = [canonical(h, aliases) for h in next(reader)]
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append((reader.line_num, {name: value.strip() for name, value in zip(header, values) if name}))
    return Table("csv", set(header), rows)


def _geojson(text: str, aliases: Aliases) -> Table:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise TableProblem("json") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise TableProblem("geojson")
    rows, columns = [], {"lon", "lat"}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise TableProblem("geojson")
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        row = {canonical(k, aliases): _text(v) for k, v in properties.items()}
        columns |= set(row)
        geometry = feature.get("geometry") if isinstance(feature.get("geometry"), dict) else {}
        if geometry.get("type") != "Point":
            row["_geometry"] = str(geometry.get("type") or "none")[:30]
        else:
            coordinates = geometry.get("coordinates")
            if isinstance(coordinates, list) and len(coordinates) >= 2:
                row["lon"], row["lat"] = str(coordinates[0]), str(coordinates[1])
        rows.append((number, row))
    return Table("geojson", columns, rows)



def _text(value) -> str:
    """A GeoJSON property as a CSV cell would hold it: a list joined by ``|``, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_text(v) for v in value)
    return str(value).strip()
