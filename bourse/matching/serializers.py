"""Rankings as JSON: each match's score out of 100 and its reasons, criterion by criterion."""

from __future__ import annotations

from flask import url_for

from bourse.matching.services import Match, Ranking


def _number(value) -> float | None:
    return None if value is None else round(float(value), 2)


def _match(match: Match) -> dict:
    item = {"score": round(match.score, 1),
            "reasons": [{"criterion": r.criterion, "label": str(r.label), "score": round(r.score, 3),
                         "sentence": r.sentence} for r in match.reasons]}
    if match.project is not None:
        project = match.project
        item["project"] = {"id": project.id, "name": project.name, "sector": project.sector,
                           "min_area_m2": _number(project.min_area_m2), "max_area_m2": _number(project.max_area_m2),
                           "max_rent_per_year": _number(project.max_rent_per_year),
                           "url": url_for("projects.detail", project_id=project.id, _external=True)}
    if match.premises is not None:
        premises = match.premises
        item["premises"] = {"id": premises.id, "reference": premises.reference, "title": premises.title,
                            "town": premises.town.name, "sales_area_m2": _number(premises.sales_area_m2),
                            "rent_per_year": _number(premises.rent_per_year),
                            "url": url_for("premises_public.detail", premises_id=premises.id, _external=True)}
    item["slot_id"] = match.slot.id if match.slot is not None else None
    return item


def ranking_json(ranking: Ranking) -> dict:
    """``considered``: candidates that passed the database's filters; ``removed``: pairs each hard
    constraint left out."""
    return {"items": [_match(m) for m in ranking.matches], "considered": ranking.considered,
            "removed": ranking.removed}
