"""Proposing and confirming who gets which slot of a multi-slot call. Nothing is applied without the manager."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from flask_babel import lazy_gettext as _l

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.jury.ranking import jury_scores
from bourse.jury.scoring import OPEN_FOR_SCORING, applications_of
from bourse.matching import services as matching
from bourse.matching.allocation import METHOD, assign
from bourse.programmes.models import Call, SlotAllocation
from bourse.programmes.services import ProgrammeError, require_run
from bourse.projects.models import Project
from bourse.timeutil import utcnow

CANDIDATES_PER_SLOT = 30
JURY_METHOD = "optimal_assignment_jury"


@dataclass
class Proposal:
    slots: list
    candidates: list[Project]
    scores: np.ndarray  # candidates × slots, NaN where the pair is ruled out
    matches: dict  # (project id, slot id) -> matching.Match
    pairs: dict  # slot id -> (project, score)
    # "jury" once the jury has scored: the assignment then maximises the jury's total instead.
    method: str = "match"
    jury: dict = field(default_factory=dict)  # (project id, slot id) -> mean jury score

    def match_for(self, project_id: int, slot_id: int):
        return self.matches.get((project_id, slot_id))

    def score_for(self, project_id: int, slot_id: int) -> float | None:
        if self.method == "jury":
            return self.jury.get((project_id, slot_id))
        match = self.match_for(project_id, slot_id)
        return match.score if match else None


def propose(actor: User, call: Call) -> Proposal:
    """Propose the best total assignment of candidates to slots.

    Once the jury has scored, the candidates are the applicants still in the running and the
    score of a pair is the jury's mean for that application; before, it is the match score of
    every visible project.
    """
    require_run(actor, call.programme.town_id)
    jury = jury_scores(call)
    if jury:
        return _propose_from_jury(call, jury)
    slots = list(call.slots)
    matches, order = {}, {}
    for slot in slots:
        ranking = matching.candidates_for_unit(call.programme.premises, k=CANDIDATES_PER_SLOT, slot=slot)
        for match in ranking.matches:
            matches[(match.project.id, slot.id)] = match
            order.setdefault(match.project.id, match.project)
    candidates = list(order.values())
    scores = np.full((len(candidates), len(slots)), np.nan)
    for i, project in enumerate(candidates):
        for j, slot in enumerate(slots):
            if (project.id, slot.id) in matches:
                scores[i, j] = matches[(project.id, slot.id)].score
    pairs = {slots[j].id: (candidates[i], value) for i, j, value in assign(scores)}
    return Proposal(slots, candidates, scores, matches, pairs)


def _propose_from_jury(call: Call, jury: dict[int, float]) -> Proposal:
    slots = list(call.slots)
    running = [a for a in applications_of(call) if a.state in OPEN_FOR_SCORING and a.id in jury]
    order = {a.project_id: a.project for a in running}
    candidates = list(order.values())
    pair_scores = {(a.project_id, a.slot_id): jury[a.id] for a in running}
    scores = np.full((len(candidates), len(slots)), np.nan)
    for i, project in enumerate(candidates):
        for j, slot in enumerate(slots):
            scores[i, j] = pair_scores.get((project.id, slot.id), np.nan)
    pairs = {slots[j].id: (candidates[i], value) for i, j, value in assign(scores)}
    return Proposal(slots, candidates, scores, {}, pairs, method="jury", jury=pair_scores)


def confirm(actor: User, call: Call, choices: dict[int, int | None], proposal: Proposal) -> list[SlotAllocation]:
    """Record the manager's allocation (the proposal as it is, or edited).

    :raises ProgrammeError: for a slot of another call, a candidate twice, or one not proposed.
    """
    require_run(actor, call.programme.town_id)
    slot_ids = {s.id for s in call.slots}
    chosen = {slot_id: project_id for slot_id, project_id in choices.items() if project_id}
    if not set(chosen) <= slot_ids:
        raise ProgrammeError(_l("This slot does not belong to the call."))
    if len(set(chosen.values())) != len(chosen):
        raise ProgrammeError(_l("A candidate can have only one slot."))
    known = {p.id for p in proposal.candidates}
    if not set(chosen.values()) <= known:
        raise ProgrammeError(_l("Choose among the proposed candidates."))
    if proposal.method == "jury" and any((p, s) not in proposal.jury for s, p in chosen.items()):
        raise ProgrammeError(_l("This candidate did not apply for this slot."))
    edited = any(proposal.pairs.get(s, (None,))[0] is None or proposal.pairs[s][0].id != p
                 for s, p in chosen.items()) or len(chosen) != len(proposal.pairs)
    db.session.execute(db.delete(SlotAllocation).where(SlotAllocation.slot_id.in_(slot_ids)))
    rows = []
    method = JURY_METHOD if proposal.method == "jury" else METHOD
    for slot_id, project_id in chosen.items():
        score = proposal.score_for(project_id, slot_id)
        rows.append(SlotAllocation(slot_id=slot_id, project_id=project_id, score=round(score or 0, 1),
                                   method="edited_by_manager" if edited else method, confirmed_by_id=actor.id,
                                   confirmed_at=utcnow()))
    db.session.add_all(rows)
    db.session.flush()
    return rows
