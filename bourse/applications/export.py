"""A call's applications as CSV, for the jury's paper file and spreadsheets."""

from __future__ import annotations

import csv
import io

from bourse.applications.labels import state_label
from bourse.applications.models import Application


def to_csv(applications: list[Application]) -> str:
    """UTF-8 with a BOM and semicolons, so that French spreadsheet software opens it as is."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["id", "project", "sector", "applicant", "email", "unit", "slot_start", "slot_end", "state",
                     "submitted_at", "reason"])
    for a in applications:
        writer.writerow([
            a.id, a.project.name, a.project.sector, a.applicant.full_name, a.applicant.email, a.premises.title,
            a.slot.starts_on.isoformat() if a.slot else "", a.slot.ends_on.isoformat() if a.slot else "",
            state_label(a.state), a.submitted_at.isoformat() if a.submitted_at else "", a.reason or "",
        ])
    return out.getvalue()
