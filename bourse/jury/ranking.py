"""The jury's aggregate ranking: each member's weighted total out of 100, their mean and spread.

A member counts for an application once they scored every criterion; partial scorings
are shown as pending, never averaged in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from bourse.applications.models import Application
from bourse.extensions import db
from bourse.jury.models import JuryConflict, JuryMember, JuryScore
from bourse.jury.scoring import applications_of
from bourse.programmes.models import Call


@dataclass
class Aggregate:
    application: Application
    totals: dict[int, float] = field(default_factory=dict)  # member id -> weighted total /100
    criterion_means: list[float | None] = field(default_factory=list)  # per criterion, on the grid's scale
    conflicted: int = 0
    comments: list[tuple[str, str, str]] = field(default_factory=list)  # (member e-mail, criterion, comment)

    @property
    def mean(self) -> float | None:
        return float(np.mean(list(self.totals.values()))) if self.totals else None

    @property
    def spread(self) -> float | None:
        """Highest minus lowest member total: a wide spread calls for a discussion."""
        values = list(self.totals.values())
        return float(max(values) - min(values)) if values else None

    @property
    def scored_by(self) -> int:
        return len(self.totals)


def weighted_total(scores: dict[int, float], grid: list[dict], score_max: int) -> float:
    """The member's total out of 100: each criterion's score on its scale, times its weight."""
    return float(sum(criterion["weight"] * scores[i] / score_max for i, criterion in enumerate(grid)))


def rank(call: Call) -> list[Aggregate]:
    """Every judged application of the call, best mean first (unscored ones last)."""
    programme = call.programme
    grid, score_max = programme.criteria, programme.score_max
    applications = applications_of(call)
    ids = [a.id for a in applications]
    by_application: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    comments: dict[int, list] = defaultdict(list)
    rows = db.session.execute(db.select(JuryScore, JuryMember.email).join(
        JuryMember, JuryMember.id == JuryScore.member_id).where(
        JuryMember.call_id == call.id, JuryScore.application_id.in_(ids))).all() if ids else []
    for score, email in rows:
        if score.criterion < len(grid):
            by_application[score.application_id][score.member_id][score.criterion] = float(score.score)
            if score.comment:
                comments[score.application_id].append((email, grid[score.criterion]["label"], score.comment))
    conflicts = dict(db.session.execute(db.select(JuryConflict.application_id, db.func.count(JuryConflict.id))
                                        .join(JuryMember, JuryMember.id == JuryConflict.member_id)
                                        .where(JuryMember.call_id == call.id)
                                        .group_by(JuryConflict.application_id)).all())
    result = []
    for application in applications:
        aggregate = Aggregate(application, conflicted=conflicts.get(application.id, 0),
                              comments=comments.get(application.id, []))
        complete = {member_id: scores for member_id, scores in by_application[application.id].items()
                    if len(scores) == len(grid)}
        aggregate.totals = {member_id: weighted_total(scores, grid, score_max) for member_id, scores in complete.items()}
        aggregate.criterion_means = [float(np.mean([s[i] for s in complete.values()])) if complete else None
                                     for i in range(len(grid))]
        result.append(aggregate)
    result.sort(key=lambda a: (a.mean is None, -(a.mean or 0), a.application.id))
    return result


def jury_scores(call: Call) -> dict[int, float]:
    """Application id -> mean jury total, for applications at least one member fully scored."""
    return {a.application.id: a.mean for a in rank(call) if a.mean is not None}
