"""The two scores a reviewer weighs: how well the project fits the unit, and what the jury gave it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bourse.applications.models import Application
from bourse.jury.ranking import jury_scores
from bourse.matching import services as matching


@dataclass(frozen=True)
class Scores:
    match: float | None  # 0–100, None when the unit no longer fits (e.g. let) or a hard constraint fails
    jury: float | None  # mean jury total out of 100, None before any member scored it


def scores_for(applications: list[Application]) -> dict[int, Scores]:
    """Both scores for each application: one matching pass per unit, one ranking per call."""
    by_premises: dict[int, list[Application]] = defaultdict(list)
    calls = {}
    for application in applications:
        by_premises[application.premises_id].append(application)
        if application.slot is not None:
            calls[application.slot.call_id] = application.slot.call
    match: dict[int, float] = {}
    for group in by_premises.values():
        projects = list({a.project_id: a.project for a in group}.values())
        fits = {project.id: fit for project, fit, _reasons in matching.fit_for_projects(projects, group[0].premises)}
        for application in group:
            if fits.get(application.project_id) is not None:
                match[application.id] = fits[application.project_id].score
    jury: dict[int, float] = {}
    for call in calls.values():
        jury.update(jury_scores(call))
    return {a.id: Scores(match.get(a.id), jury.get(a.id)) for a in applications}


def keep(scores: Scores, min_match: int | None, min_jury: int | None) -> bool:
    """The queue's score filters: an unknown score never passes a minimum."""
    if min_match is not None and (scores.match is None or scores.match < min_match):
        return False
    return min_jury is None or (scores.jury is not None and scores.jury >= min_jury)
