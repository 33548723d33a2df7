"""Published premises as open data: GeoJSON (RFC 7946) and CSV, streamed row by row so that a
hundred thousand listings never make one string in memory. Columns: docs/open-data.md."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from flask import url_for
from sqlalchemy import String, cast, func, select

from bourse.extensions import db
from bourse.premises.models import Premises
from bourse.search import filters as search
from bourse.spreadsheets import safe_cell
from bourse.towns.models import Town

LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
BATCH = 2000  # rows fetched at a time

# (name, how to read it from a row) in the order of the CSV columns and the GeoJSON properties.
FIELDS = ("id", "reference", "title", "url", "address", "town", "insee_code", "lon", "lat", "sales_area_m2",
          "total_area_m2", "frontage_m", "deal_type", "rent_per_year", "charges_per_year", "lease_types",
          "allowed_sectors", "excluded_sectors", "has_extraction", "step_free_access", "available_from", "updated_at")


def _query(filters: search.Filters):
    return (select(Premises.id, Premises.reference, Premises.title, Premises.address, Town.name, Town.insee_code,
                   func.ST_X(Premises.location), func.ST_Y(Premises.location), Premises.sales_area_m2,
                   Premises.total_area_m2, Premises.frontage_m, Premises.deal_type, Premises.rent_per_year,
                   Premises.charges_per_year, _text(Premises.lease_types), _text(Premises.allowed_sectors),
                   _text(Premises.excluded_sectors), Premises.has_extraction, Premises.step_free_access,
                   Premises.available_from, Premises.updated_at)
            .join(Town, Town.id == Premises.town_id).where(*search.conditions(filters)).order_by(Premises.id))


def _rows(filters: search.Filters) -> Iterator:
    """The rows in id order, a batch at a time (keyset: each batch starts after the last id seen), so
    memory stays flat however many premises there are, on both databases, without a server-side cursor."""
    query = _query(filters).limit(BATCH)
    last = 0
    while True:
        batch = db.session.connection().execute(query.where(Premises.id > last)).all()
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1][0]


def page(filters: search.Filters, after: int, limit: int) -> tuple[list[dict], int | None]:
    """One page of records after the id ``after``, and the id the next page starts after (None at the end).
    Keyset pagination: a listing published meanwhile never shifts a page or appears twice."""
    rows = db.session.connection().execute(_query(filters).where(Premises.id > after).limit(limit + 1)).all()
    base = _listing_url()
    records = [_record(row, base) for row in rows[:limit]]
    return records, rows[limit - 1][0] if len(rows) > limit else None


def _number(value: Decimal | None):
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _record(row, listing_url: str) -> dict:
    (premises_id, reference, title, address, town, insee, lon, lat, sales, total, frontage, deal, rent, charges,
     leases, allowed, excluded, extraction, step_free, available, updated) = row
    return {"id": premises_id, "reference": reference, "title": title,
            "url": listing_url + str(premises_id),
            "address": address, "town": town, "insee_code": insee, "lon": round(float(lon), 6),
            "lat": round(float(lat), 6), "sales_area_m2": _number(sales), "total_area_m2": _number(total),
            "frontage_m": _number(frontage), "deal_type": deal, "rent_per_year": _number(rent),
            "charges_per_year": _number(charges), "lease_types": _listed(leases),
            "allowed_sectors": _listed(allowed), "excluded_sectors": _listed(excluded),
            "has_extraction": bool(extraction), "step_free_access": bool(step_free),
            "available_from": available.isoformat() if available else None,
            "updated_at": _moment(updated)}


def _text(column):
    """A JSON list column as its text: most are empty, and "[]" needs no parsing."""
    return cast(column, String)


def _listed(text: str | None) -> list[str] | None:
    """A list, or null when empty: GIS readers take a first empty array for JSON text, not a list."""
    if not text or text in ("[]", "null"):
        return None
    return json.loads(text) or None


def _moment(value) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)


def _listing_url() -> str:
    """The absolute address of a listing, less its id."""
    return url_for("premises_public.detail", premises_id=0, _external=True)[:-1]


def geojson(filters: search.Filters) -> Iterator[str]:
    """A FeatureCollection, one feature per line, with the licence in its top-level members."""
    base = _listing_url()
    yield ('{"type":"FeatureCollection","name":"bourse-locaux",'
           f'"licence":{json.dumps(LICENCE)},"licence_url":{json.dumps(LICENCE_URL)},"features":[\n')
    parts: list[str] = []
    for count, row in enumerate(_rows(filters)):
        record = _record(row, base)
        feature = {"type": "Feature", "id": record["id"],
                   "geometry": {"type": "Point", "coordinates": [record.pop("lon"), record.pop("lat")]},
                   "properties": record}
        parts.append(("," if count else "") + json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n")
        if len(parts) == 500:  # one write of some 100 kB rather than one per feature
            yield "".join(parts)
            parts.clear()
    yield "".join(parts)
    yield "]}\n"


def _csv_lines(filters: search.Filters, delimiter: str, decimal_comma: bool) -> Iterator[str]:
    base = _listing_url()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")

    def cell(value) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, list):
            return "|".join(value)
        if value is None:
            return ""
        if isinstance(value, (int, float)):  # a number is never a formula: "-2.98" stays a longitude
            return str(value).replace(".", ",") if decimal_comma else str(value)
        return safe_cell(value)

    writer.writerow(FIELDS)
    for count, row in enumerate(_rows(filters), start=1):
        record = _record(row, base)
        writer.writerow([cell(record[name]) for name in FIELDS])
        if count % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_utf8(filters: search.Filters) -> Iterator[bytes]:
    """UTF-8, commas, decimal points: what a program or a GIS reads."""
    for text in _csv_lines(filters, ",", False):
        yield text.encode("utf-8")


def csv_spreadsheet(filters: search.Filters) -> Iterator[bytes]:
    """Latin-1 (Windows-1252), semicolons and decimal commas: what French spreadsheet software opens."""
    for text in _csv_lines(filters, ";", True):
        yield text.encode("cp1252", errors="replace")
