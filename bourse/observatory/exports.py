"""The figures as CSV: the monthly series for a town's open-data portal (UTF-8, commas, decimal
points, one row per month), and the vacant units for the town's managers."""

from __future__ import annotations

import csv
import io

from bourse.observatory.figures import Figures
from bourse.observatory.units import VacantUnit
from bourse.spreadsheets import safe_cell

MONTHLY_COLUMNS = ("town_insee", "perimeter_version", "zone", "month", "units", "occupied", "vacant", "works",
                   "vacancy_rate", "openings", "closures")


def monthly_csv(figures: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MONTHLY_COLUMNS)
    scope = figures.scope
    for row in figures.monthly_rows():
        writer.writerow([safe_cell(v) for v in (
            scope.town.insee_code, scope.perimeter.version, scope.zone.name if scope.zone else "", row["month"],
            row["units"], row["occupied"], row["vacant"], row["works"],
            f"{row['rate']:.4f}" if row["rate"] is not None else "", row["openings"], row["closures"])])
    return out.getvalue()


def vacant_csv(units: list[VacantUnit]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("unit_id", "address", "name", "vacant_since", "days_vacant", "days_vacant_last_24_months",
                     "long_term", "unused_two_years", "listed_on_bourse"))
    for unit in units:
        writer.writerow([safe_cell(v) for v in (
            unit.id, unit.address, unit.name or "", unit.since.isoformat(), unit.days, unit.within_24_months,
            int(unit.long_term), int(unit.unused_two_years), int(unit.listed))])
    return out.getvalue()
