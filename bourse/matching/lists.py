"""Kept match lists: in a big town, a project's best units kept by a job, so that its page reads
a hundred rows rather than every unit of the town or radius (tens of thousands in a big town).

A list is used only while it still gives the full scan's answer: the project and the towns'
weights are unchanged since, and the page re-reads, live, the kept units plus every unit changed
since the list's read began (``updated_at``, indexed); a unit left out and unchanged scored at most
``floor`` then, so once the k-th best read now scores at least that, nothing left out can beat it. Otherwise the page
ranks live and asks for a new list. The counts shown ("N units looked at") are the list's.

The other way round, the same for a unit whose town thousands of projects want: its best visible
projects kept (as plain premises; a slot's candidates are always ranked live), patched with the
projects changed since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, select

from bourse.extensions import db
from bourse.matching.models import ProjectMatchList, UnitMatchList
from bourse.premises.models import Premises
from bourse.projects.models import Project
from bourse.timeutil import utcnow
from bourse.towns.models import Town

LIST_SIZE = 100  # kept units per project (projects per unit): a page shows 20, the rest absorbs withdrawals
LIST_FROM = 200  # candidates from which a list pays (a radius in a dense town costs a scan of it)
CHANGED_AT_MOST = 5_000  # more changes since the list than this: it is too old to patch, rank live
CHANGE_MARGIN = timedelta(minutes=5)  # a transaction open when the list was read commits within this
EVERY_UNIT = -1.0  # the floor of a list that holds every unit passing the constraints (scores are 0–100)
REFRESH_AFTER = timedelta(days=1)  # the trade mix around units drifts slowly: a list viewed is redone daily
USABLE_FOR = timedelta(days=7)  # older, a list is not used (and the daily job drops it)


@dataclass
class Kept:
    ids: list[int]  # the kept units (projects) and those changed since
    floor: float
    considered: int
    removed: dict[str, int]
    due: bool  # older than REFRESH_AFTER: still used, and redone


def _patched(kept: ProjectMatchList | UnitMatchList, kept_ids: list[int], changed_at) -> Kept | None:
    """``kept`` with the rows changed since (``changed_at``: their ``updated_at`` column), if the
    list can still be used: the towns' weights unchanged, not a week old, not too many changes since."""
    if kept.weights_key != weights_key() or kept.computed_at < utcnow() - USABLE_FOR:
        return None
    changed = db.session.scalars(select(changed_at.class_.id).where(changed_at > kept.computed_at)
                                 .limit(CHANGED_AT_MOST + 1)).all()
    if len(changed) > CHANGED_AT_MOST:
        return None
    return Kept(sorted(set(kept_ids) | set(changed)), kept.floor, kept.considered, dict(kept.removed),
                due=kept.computed_at < utcnow() - REFRESH_AFTER)


def kept_for(project: Project) -> Kept | None:
    """The project's list, patched with the units changed since, if it can still be used."""
    kept = db.session.get(ProjectMatchList, project.id)
    if kept is None or kept.project_updated_at != project.updated_at:
        return None
    return _patched(kept, kept.premises_ids, Premises.updated_at)


def kept_for_unit(premises: Premises) -> Kept | None:
    """The unit's list of projects, patched with the projects changed since, if it can still be used."""
    kept = db.session.get(UnitMatchList, premises.id)
    if kept is None or kept.premises_updated_at != premises.updated_at:
        return None
    return _patched(kept, kept.project_ids, Project.updated_at)


def customised_weights() -> list[tuple[int, dict]]:
    """(town id, weights) of the towns that set their own (few do), by id."""
    rows = db.session.execute(select(Town.id, Town.match_weights).where(
        Town.match_weights.is_not(None), cast(Town.match_weights, String).not_in(["{}", "null"]))
        .order_by(Town.id)).all()
    return [(town_id, weights) for town_id, weights in rows if weights]


def weights_key() -> str:
    """A digest of every town's own weights: a change makes every list stale."""
    return hashlib.sha256(json.dumps(customised_weights(), sort_keys=True).encode()).hexdigest()


def read_began() -> datetime:
    """The list's ``computed_at``: now, less the margin, taken before its first read."""
    return utcnow() - CHANGE_MARGIN


def keep(project: Project, began: datetime, key: str, premises_ids: list[int], floor: float, considered: int,
         removed: dict[str, int]) -> None:
    """Keep the list; ``began`` and ``key`` (``read_began``, ``weights_key``) taken before reading."""
    kept = db.session.get(ProjectMatchList, project.id) or ProjectMatchList(project_id=project.id)
    kept.computed_at, kept.project_updated_at, kept.weights_key = began, project.updated_at, key
    kept.premises_ids, kept.floor, kept.considered, kept.removed = premises_ids, floor, considered, removed
    db.session.add(kept)


def keep_for_unit(premises: Premises, began: datetime, key: str, project_ids: list[int], floor: float,
                  considered: int, removed: dict[str, int]) -> None:
    """Keep the unit's list of projects, as ``keep`` does a project's."""
    kept = db.session.get(UnitMatchList, premises.id) or UnitMatchList(premises_id=premises.id)
    kept.computed_at, kept.premises_updated_at, kept.weights_key = began, premises.updated_at, key
    kept.project_ids, kept.floor, kept.considered, kept.removed = project_ids, floor, considered, removed
    db.session.add(kept)


def drop(project_id: int) -> None:
    kept = db.session.get(ProjectMatchList, project_id)
    if kept is not None:
        db.session.delete(kept)


def drop_for_unit(premises_id: int) -> None:
    kept = db.session.get(UnitMatchList, premises_id)
    if kept is not None:
        db.session.delete(kept)


def drop_unused() -> int:
    """Drop the lists too old to be used: their projects (units) were not looked at for a week."""
    too_old = utcnow() - USABLE_FOR
    return sum(db.session.execute(delete(model).where(model.computed_at < too_old)).rowcount
               for model in (ProjectMatchList, UnitMatchList))
