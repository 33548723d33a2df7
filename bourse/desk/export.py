"""A call's applications as CSV, for the jury's paper file and spreadsheets."""

from __future__ import annotations

import csv
import io

from bourse.applications.labels import state_label
from bourse.applications.models import Application
from bourse.spreadsheets import safe_cell as _cell


def to_csv(applications: list[Application], jury: dict[int, float] | None = None) -> str:
    """UTF-8 with a BOM and semicolons, so that French spreadsheet software opens it as is."""
    jury = jury or {}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["id", "project", "sector", "applicant", "email", "unit", "slot_start", "slot_end", "state",
                     "submitted_at", "jury_mean", "reason"])
    for a in applications:
        writer.writerow([_cell(v) for v in (
            a.id, a.project.name, a.project.sector, a.applicant.full_name, a.applicant.email, a.premises.title,
            a.slot.starts_on.isoformat() if a.slot else "", a.slot.ends_on.isoformat() if a.slot else "",
            state_label(a.state), a.submitted_at.isoformat() if a.submitted_at else "",
            f"{jury[a.id]:.1f}" if a.id in jury else "", a.reason or "",
        )])
    return out.getvalue()
