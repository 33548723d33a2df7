"""Matching as the pages use it: ranked, explained matches in both directions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Callable

import numpy as np
from sqlalchemy import Select

from bourse.extensions import db
from bourse.jobs import enqueue_once, handler
from bourse.matching import candidates, engine, explain, lists
from bourse.weights import CRITERIA, effective
from bourse.premises.models import Premises
from bourse.programmes.models import Slot
from bourse.projects.models import Project
from bourse.timeutil import utcnow
from bourse.towns.models import Town
from bourse.weights import CRITERION_LABELS

DEFAULT_TOP = 20


@dataclass
class Match:
    """A scored pair. Its sentences are written when first read, so that ranking many pairs
    (alerts, allocation) costs no text, and a page pays only for the pairs it shows."""

    score: float
    explanation: list[explain.Reason] | Callable[[], list[explain.Reason]]
    premises: Premises | None = None
    slot: Slot | None = None
    project: Project | None = None

    @property
    def reasons(self) -> list[explain.Reason]:
        if callable(self.explanation):
            self.explanation = self.explanation()
        return self.explanation


@dataclass
class Ranking:
    matches: list[Match]
    considered: int  # candidates the database let through
    removed: dict[str, int] = field(default_factory=dict)  # hard constraint -> pairs it removed


def _reasons(wants: engine.Wants, offers: engine.Offers, scored: engine.Scored, i: int, town_name: str,
             level) -> list[explain.Reason]:
    """Sentences for pair ``i``; ``level(x)`` reads the i-th value of a scalar-or-array field."""
    rent = level(offers.rent)
    distance = level(offers.distance_m)
    radius = level(wants.radius_m)
    days = level(offers.days_late)
    needs = [(name, bool(level(has))) for name, has, lvl in (
        ("extraction", offers.extraction, wants.need_extraction),
        ("step_free", offers.step_free, wants.need_step_free),
        ("frontage", np.nan_to_num(level(offers.frontage), nan=-1) >= np.nan_to_num(level(wants.min_frontage), nan=0),
         wants.need_frontage if not np.isnan(level(wants.min_frontage)) else "none"),
    ) if level(lvl) != "none"]
    sentences = {
        "surface": explain.surface(level(offers.area), level(wants.min_area), level(wants.max_area)),
        "budget": explain.budget(None if np.isnan(rent) else rent, level(wants.max_rent)),
        "place": explain.place(bool(level(offers.in_wanted_town)), town_name,
                               None if np.isnan(distance) else distance, None if np.isnan(radius) else radius),
        "date": explain.date(None if np.isnan(days) else days),
        "needs": explain.needs(needs),
        "trade_mix": explain.trade_mix(int(level(offers.same_sector_nearby)), bool(level(offers.sector_missing))),
    }
    return [explain.Reason(c, str(CRITERION_LABELS[c]), float(scored.parts[c][i]), sentences[c])
            for c in CRITERIA]


def _picker(i: int):
    def level(value):
        array = np.asarray(value)
        return array.item() if array.ndim == 0 else array[i].item() if hasattr(array[i], "item") else array[i]
    return level


def _removed(scored: engine.Scored) -> dict[str, int]:
    return {name: int(mask.sum()) for name, mask in scored.failed.items() if mask.any()}


FIRST_READ = 200  # plain premises read first; four times more each time the bound says it may matter


def weight_shares() -> dict[str, float]:
    """Each criterion's largest share of the weights, over the default and every town's own weights."""
    shares = {c: 0.0 for c in CRITERIA}
    for weights in [None, *(weights for _town, weights in lists.customised_weights())]:
        weights = effective(weights)
        total = sum(weights.get(c, 0) for c in CRITERIA) or 1
        for c in CRITERIA:
            shares[c] = max(shares[c], weights.get(c, 0) / total)
    return shares


def matches_for_project(project: Project, k: int = DEFAULT_TOP, today: date | None = None) -> Ranking:
    """The best premises and open slots for ``project``, each with its breakdown.

    In a big town, from the project's kept list (``lists``: the kept units and those changed since,
    read again live) while it still gives the full scan's answer. Otherwise the database counts the
    candidates and sorts them by an upper bound of their score (``candidates.score_bound``); only
    the best few are read and scored exactly, more only while an unread one could still beat the
    k-th best; and a list is asked for when the candidates are many.
    """
    today = today or utcnow().date()
    kept = lists.kept_for(project)
    if kept is not None:
        found = candidates.units_for_project(project, today, among=kept.ids)
        ranking = _rank_units(project, found, k)
        # A unit left out scored at most the floor: the list tells while the k-th scores that much
        # (too many kept units withdrawn or worse since: it cannot), or when it held every unit.
        if kept.floor < 0 or (len(ranking.matches) >= k and ranking.matches[k - 1].score >= kept.floor):
            if kept.due:
                enqueue_once("matching.keep_list", project_id=project.id)
            return _with_counts(ranking, kept.considered, kept.removed, found)
    considered, removed = candidates.plain_counts(project)
    ranking, found = _bounded(project, k, today)
    if considered >= lists.LIST_FROM:
        enqueue_once("matching.keep_list", project_id=project.id)
    return _with_counts(ranking, considered, removed, found)


def _with_counts(ranking: Ranking, considered: int, removed: dict[str, int],
                 found: candidates.UnitCandidates) -> Ranking:
    """The plain premises' counts (the database's) with the slots' (read whole)."""
    removed = dict(removed)
    for name, count in ranking.removed.items():
        removed[name] = removed.get(name, 0) + count
    return Ranking(ranking.matches, considered + len(found) - found.plain, removed)


def _bounded(project: Project, k: int, today: date, with_slots: bool = True
             ) -> tuple[Ranking, candidates.UnitCandidates]:
    """The best ``k``, reading plain premises best bound first, as few as the bound allows."""
    shares, read = weight_shares(), FIRST_READ
    while True:
        found = candidates.units_for_project(project, today, best=max(read, k), shares=shares,
                                             with_slots=with_slots)
        ranking = _rank_units(project, found, k)
        kth = ranking.matches[k - 1].score if len(ranking.matches) >= k else -np.inf
        if found.plain < max(read, k) or kth >= round(found.last_bound + 1e-6, 1):
            return ranking, found
        read *= 4


@handler("matching.keep_list")
def keep_list(project_id: int) -> None:
    """Keep the project's best plain premises, when its towns hold enough candidates to need it."""
    project = db.session.get(Project, project_id)
    if project is None:
        return
    began, key = lists.read_began(), lists.weights_key()
    considered, removed = candidates.plain_counts(project)
    if considered < lists.LIST_FROM:
        lists.drop(project_id)
        return
    ranking, _found = _bounded(project, lists.LIST_SIZE, utcnow().date(), with_slots=False)
    full = len(ranking.matches) == lists.LIST_SIZE
    lists.keep(project, began, key, [m.premises.id for m in ranking.matches],
               ranking.matches[-1].score if full else lists.EVERY_UNIT, considered, removed)


@handler("matching.drop_unused_lists", every="day")
def drop_unused_lists() -> None:
    lists.drop_unused()


def _rank_units(project: Project, found: candidates.UnitCandidates, k: int) -> Ranking:
    if not len(found):
        return Ranking([], 0)
    wants = candidates.wants_of(project)
    town_weights = {t.id: t.match_weights for t in db.session.scalars(db.select(Town).where(
        Town.id.in_(set(found.town_ids.tolist()))))}
    # One project may span several towns: each town's weights score its own units.
    totals = np.full(len(found), np.nan)
    parts = {c: np.zeros(len(found)) for c in CRITERIA}
    failed = {}
    for town_id, town_w in town_weights.items():
        mask = found.town_ids == town_id
        scored = engine.score(wants, _subset(found.offers, mask), effective(town_w), int(mask.sum()))
        totals[mask] = scored.total
        for c in CRITERIA:
            parts[c][mask] = scored.parts[c]
        for name, m in scored.failed.items():
            failed.setdefault(name, np.zeros(len(found), dtype=bool))[mask] = m
    scored = engine.Scored(total=totals, parts=parts, failed=failed)
    best = engine.top(scored, k)
    premises = {p.id: p for p in db.session.scalars(db.select(Premises).where(
        Premises.id.in_(found.premises_ids[best].tolist())))}
    slots = {s.id: s for s in db.session.scalars(db.select(Slot).where(Slot.id.in_(found.slot_ids[best].tolist())))}
    matches = []
    for i in best:
        unit = premises[int(found.premises_ids[i])]
        matches.append(Match(float(scored.total[i]),
                             partial(_reasons, wants, found.offers, scored, i, unit.town.name, _picker(i)),
                             premises=unit, slot=slots.get(int(found.slot_ids[i]))))
    return Ranking(matches, len(found), _removed(scored))


def _subset(offers: engine.Offers, mask: np.ndarray) -> engine.Offers:
    return engine.Offers(**{name: np.asarray(value)[mask] if np.ndim(value) else value
                            for name, value in vars(offers).items()})


def scores_for_unit(premises: Premises, among: Select) -> dict[int, float]:
    """``premises``' score for each project of ``among`` (a select of project ids) it suits, visible
    or not, in one query and one vectorised scoring: what a new unit's project alerts need.

    Left out, as on the project's own matches page: a failed hard constraint, or a unit outside
    the project's towns and radius.
    """
    rent = float(premises.rent_per_year) if premises.rent_per_year is not None else None
    found = candidates.projects_for_unit(premises, rent, premises.available_from, among=among)
    if not len(found):
        return {}
    scored = engine.score(found.wants, found.offers, effective(premises.town.match_weights), len(found))
    with np.errstate(invalid="ignore"):  # NaN distance or radius: no point given, only the towns count
        placed = np.asarray(found.offers.in_wanted_town, dtype=bool) | (found.offers.distance_m <= found.wants.radius_m)
    keep = placed & ~np.isnan(scored.total)
    return {int(pid): float(total) for pid, total in zip(found.project_ids[keep], scored.total[keep])}


def candidates_for_unit(premises: Premises, k: int = DEFAULT_TOP, slot: Slot | None = None) -> Ranking:
    """The best visible projects for a unit, or for one slot of it.

    For the unit itself, from its kept list (``lists``: the kept projects and those changed since,
    read again live) while it still gives the full read's answer; otherwise every candidate is
    read and ranked, and a list asked for when they are many. A slot's are always ranked live.
    """
    if slot is None:
        kept = lists.kept_for_unit(premises)
        if kept is not None:
            ranking = _rank_projects(premises, _projects_for(premises, only=kept.ids), k)
            # A project left out scored at most the floor: the list tells while the k-th scores that much.
            if kept.floor < 0 or (len(ranking.matches) >= k and ranking.matches[k - 1].score >= kept.floor):
                if kept.due:
                    enqueue_once("matching.keep_candidates", premises_id=premises.id)
                return Ranking(ranking.matches, kept.considered, kept.removed)
    ranking = _rank_projects(premises, _projects_for(premises, slot), k, slot)
    if slot is None and ranking.considered >= lists.LIST_FROM:
        enqueue_once("matching.keep_candidates", premises_id=premises.id)
    return ranking


def _projects_for(premises: Premises, slot: Slot | None = None,
                  only: list[int] | None = None) -> candidates.ProjectCandidates:
    if slot is not None:
        return candidates.projects_for_unit(premises, float(slot.rent_per_month) * 12, slot.starts_on)
    rent = float(premises.rent_per_year) if premises.rent_per_year is not None else None
    return candidates.projects_for_unit(premises, rent, premises.available_from, only=only)


def _rank_projects(premises: Premises, found: candidates.ProjectCandidates, k: int,
                   slot: Slot | None = None) -> Ranking:
    if not len(found):
        return Ranking([], 0)
    programme = slot.call.programme if slot is not None else None
    weights = effective(premises.town.match_weights, programme.match_weights if programme else None)
    scored = engine.score(found.wants, found.offers, weights, len(found))
    best = engine.top(scored, k)
    projects = {p.id: p for p in db.session.scalars(db.select(Project).where(
        Project.id.in_(found.project_ids[best].tolist())))}
    matches = [Match(float(scored.total[i]), partial(_reasons, found.wants, found.offers, scored, i, premises.town.name,
                                                      _picker(i)), premises=premises, slot=slot,
                     project=projects[int(found.project_ids[i])]) for i in best]
    return Ranking(matches, len(found), _removed(scored))


@handler("matching.keep_candidates")
def keep_candidates(premises_id: int) -> None:
    """Keep the unit's best visible projects, when enough projects want its place to need it."""
    premises = db.session.get(Premises, premises_id)
    if premises is None:
        return
    began, key = lists.read_began(), lists.weights_key()
    ranking = _rank_projects(premises, _projects_for(premises), lists.LIST_SIZE)
    if ranking.considered < lists.LIST_FROM:
        lists.drop_for_unit(premises_id)
        return
    full = len(ranking.matches) == lists.LIST_SIZE
    lists.keep_for_unit(premises, began, key, [m.project.id for m in ranking.matches],
                        ranking.matches[-1].score if full else lists.EVERY_UNIT, ranking.considered, ranking.removed)


def fit_for_projects(projects: list[Project], premises: Premises) -> list[tuple[Project, Match | None, list[str]]]:
    """How well one unit fits each of an entrepreneur's projects (for the detail page)."""
    results = []
    weights = effective(premises.town.match_weights)
    for project in projects:
        found = candidates.units_for_project(project, utcnow().date(), premises_id=premises.id)
        if not len(found):
            results.append((project, None, []))
            continue
        wants = candidates.wants_of(project)
        scored = engine.score(wants, found.offers, weights, 1)
        removed = engine.reasons_removed(scored, 0)
        match = None if removed else Match(float(scored.total[0]), _reasons(
            wants, found.offers, scored, 0, premises.town.name, _picker(0)), premises=premises)
        results.append((project, match, [str(explain.REMOVAL_REASONS[r]) for r in removed]))
    return results
