"""Kept candidate lists: a unit whose town many projects want reads its kept projects and those
changed since, and gets what reading every project gets; when the list can no longer tell, or for
a slot, the page ranks live."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from bourse.extensions import db
from bourse.matching import candidates, lists
from bourse.matching import services as matching
from bourse.matching.models import UnitMatchList
from bourse.premises import services as premises_services
from bourse.projects import services as project_services
from bourse.projects.models import Project
from bourse.timeutil import utcnow
from tests.fixtures import project_data
from tests.support.jobs import jobs_named, work_off

pytestmark = pytest.mark.usefixtures("no_change_margin")

SECTORS = ("food", "restaurant", "personal_goods", "services", "crafts")


def _full_read(premises, k):
    rent = float(premises.rent_per_year) if premises.rent_per_year is not None else None
    return matching._rank_projects(premises, candidates.projects_for_unit(premises, rent, premises.available_from), k)


def _same(ranking, full) -> None:
    """The same scores in order, and the same projects above the last score (ties may swap)."""
    assert [m.score for m in ranking.matches] == [m.score for m in full.matches]
    last = full.matches[-1].score if full.matches else None
    assert {(m.project.id, m.score) for m in ranking.matches if m.score > last} == \
        {(m.project.id, m.score) for m in full.matches if m.score > last}


def _projects(make_project, rng, n, **overrides):
    made = []
    for i in range(n):
        low = rng.randint(20, 40)  # at most 52 m²: a 55 m² unit fits none of them perfectly
        values = dict(name=f"Projet {i}", sector=rng.choice(SECTORS), min_area_m2=Decimal(low),
                      max_area_m2=Decimal(low + rng.randint(5, 12)), max_rent_per_year=Decimal(rng.randint(50, 200) * 100),
                      need_extraction=rng.choice(["none", "none", "nice"]), visible=True)
        values.update(overrides)
        made.append(make_project(**values))
    return made


def _no_full_read(monkeypatch):
    """The list path must not read every project wanting the unit's town."""
    original = candidates.projects_for_unit

    def only_listed(*args, **kwargs):
        if kwargs.get("only") is None:
            raise AssertionError("read every candidate")
        return original(*args, **kwargs)
    monkeypatch.setattr(candidates, "projects_for_unit", only_listed)


def _keep_jobs(queued: bool = False) -> int:
    return jobs_named("matching.keep_candidates", queued)


@pytest.mark.parametrize("seed", range(2))
def test_a_units_kept_list_answers_as_the_full_read_through_changes(make_listing, make_project, entrepreneur,
                                                                    monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(lists, "LIST_FROM", 10)
    monkeypatch.setattr(lists, "LIST_SIZE", 12)
    projects = _projects(make_project, rng, 36)
    unit = make_listing(sales_area_m2=Decimal(55), rent_per_year=Decimal(9000), has_extraction=rng.random() < 0.5)
    work_off()  # the publication's alerts
    live = matching.candidates_for_unit(unit, k=5)  # no list yet: ranked live, a list asked for
    db.session.commit()
    assert _keep_jobs() == 1 and work_off() == ["done"]
    kept = db.session.get(UnitMatchList, unit.id)
    assert len(kept.project_ids) == 12 and kept.considered == live.considered and kept.floor >= 0
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        from_list = matching.candidates_for_unit(unit, k=5)
    _same(from_list, _full_read(unit, 5))
    _same(from_list, live)
    assert (from_list.considered, from_list.removed) == (live.considered, live.removed)

    # Changes the list never saw: a new best project, a kept one hidden, a kept one's budget cut.
    best = make_project(name="Idéal", sector="crafts", min_area_m2=Decimal(50), max_area_m2=Decimal(60),
                        max_rent_per_year=Decimal(20000), visible=True)
    hidden = db.session.get(Project, kept.project_ids[0])
    hidden.visible = False
    poorer = db.session.get(Project, kept.project_ids[1])
    poorer.max_rent_per_year = Decimal(6500)
    db.session.commit()
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        patched = matching.candidates_for_unit(unit, k=5)
    _same(patched, _full_read(unit, 5))
    top = patched.matches[0].score
    assert best.id in {m.project.id for m in patched.matches if m.score == top}  # unseen by the list, yet found
    assert hidden.id not in {m.project.id for m in patched.matches}
    # A project that now wants another town only is read again (it changed) and is gone.
    moved = db.session.get(Project, patched.matches[1].project.id)
    elsewhere = project_data(name=moved.name, sector=moved.sector, min_area_m2=moved.min_area_m2,
                             max_area_m2=moved.max_area_m2, max_rent_per_year=moved.max_rent_per_year,
                             visible=True, towns=[], lon=5.37, lat=43.30, place_label="Marseille", radius_km=Decimal(5))
    project_services.save_project(entrepreneur, moved, elsewhere)
    db.session.commit()
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        after_move = matching.candidates_for_unit(unit, k=5)
    _same(after_move, _full_read(unit, 5))
    assert moved.id not in {m.project.id for m in after_move.matches}
    # Read by ids, each project is tested as the full read tests it: visible, and wanting this place.
    every = [p.id for p in projects] + [best.id]
    rent = float(unit.rent_per_year)
    assert set(candidates.projects_for_unit(unit, rent, unit.available_from, only=every).project_ids.tolist()) == \
        set(candidates.projects_for_unit(unit, rent, unit.available_from).project_ids.tolist())
    assert {hidden.id, moved.id} & set(every)


def test_a_units_list_gives_way_when_it_cannot_tell_and_slots_rank_live(make_listing, make_project, landlord,
                                                                        monkeypatch):
    rng = random.Random(4)
    monkeypatch.setattr(lists, "LIST_FROM", 10)
    monkeypatch.setattr(lists, "LIST_SIZE", 6)
    _projects(make_project, rng, 24)
    unit = make_listing(sales_area_m2=Decimal(50), rent_per_year=Decimal(9000))
    work_off()
    matching.candidates_for_unit(unit)
    db.session.commit()
    work_off()
    kept = db.session.get(UnitMatchList, unit.id)
    for project_id in kept.project_ids[:3]:  # half the list hidden: the 5th best now lies outside it
        db.session.get(Project, project_id).visible = False
    db.session.commit()
    _same(matching.candidates_for_unit(unit, k=5), _full_read(unit, 5))

    # The unit changed since its list: ranked live, and a new list asked for.
    work_off()
    assert lists.kept_for_unit(unit) is not None
    unit.rent_per_year = Decimal(15000)
    db.session.commit()
    assert lists.kept_for_unit(unit) is None
    before = _keep_jobs()
    _same(matching.candidates_for_unit(unit, k=5), _full_read(unit, 5))
    db.session.commit()
    assert _keep_jobs() == before + 1

    # A town's own weights changed: every list is stale.
    work_off()
    assert lists.kept_for_unit(unit) is not None
    unit.town.match_weights = {"surface": 5, "budget": 1, "place": 1, "date": 1, "trade_mix": 1, "needs": 1}
    db.session.commit()
    assert lists.kept_for_unit(unit) is None
    _same(matching.candidates_for_unit(unit, k=5), _full_read(unit, 5))
    assert premises_services  # the unit was published through the service (make_listing)


def test_few_candidates_keep_no_list_and_old_unit_lists_are_redone_or_dropped(make_listing, make_project,
                                                                              monkeypatch):
    _projects(make_project, random.Random(8), 6)
    unit = make_listing(sales_area_m2=Decimal(50), rent_per_year=Decimal(9000))
    work_off()
    matching.candidates_for_unit(unit)
    db.session.commit()
    assert _keep_jobs() == 0  # 6 candidates: the live read is cheap, no list
    monkeypatch.setattr(lists, "LIST_FROM", 3)
    matching.candidates_for_unit(unit)
    db.session.commit()
    work_off()
    kept = db.session.get(UnitMatchList, unit.id)
    assert kept.floor == lists.EVERY_UNIT  # fewer than a list's size: it holds every candidate
    kept.computed_at = utcnow() - lists.REFRESH_AFTER - timedelta(hours=1)  # a day old: used, and redone
    db.session.commit()
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        matching.candidates_for_unit(unit)
    db.session.commit()
    assert _keep_jobs(queued=True) == 1 and work_off() == ["done"]
    assert db.session.get(UnitMatchList, unit.id).computed_at > utcnow() - lists.REFRESH_AFTER
    db.session.get(UnitMatchList, unit.id).computed_at = utcnow() - lists.USABLE_FOR - timedelta(hours=1)
    db.session.commit()
    assert lists.kept_for_unit(unit) is None  # a week old: ranked live
    matching.drop_unused_lists()
    db.session.commit()
    assert db.session.get(UnitMatchList, unit.id) is None
    matching.keep_candidates(unit.id)
    db.session.commit()
    assert db.session.get(UnitMatchList, unit.id) is not None
    monkeypatch.setattr(lists, "LIST_FROM", 50)  # the projects went: the job drops the list
    matching.keep_candidates(unit.id)
    db.session.commit()
    assert db.session.get(UnitMatchList, unit.id) is None


def test_a_slots_candidates_never_use_the_units_list(make_listing, make_project, manager, monkeypatch):
    from tests.builders import make_call, make_programme, make_slot

    monkeypatch.setattr(lists, "LIST_FROM", 3)
    _projects(make_project, random.Random(2), 8, max_rent_per_year=Decimal(20000))
    unit = make_listing(sales_area_m2=Decimal(50), rent_per_year=Decimal(9000))
    slot = make_slot(manager, make_call(manager, make_programme(manager, unit)))
    work_off()
    live = matching.candidates_for_unit(unit, slot=slot)
    db.session.commit()
    assert live.considered >= 3 and _keep_jobs() == 0  # a slot's rent and dates: ranked live, no list
    matching.keep_candidates(unit.id)
    db.session.commit()
    assert db.session.get(UnitMatchList, unit.id) is not None
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        with pytest.raises(AssertionError, match="every candidate"):  # the slot reads live, list or not
            matching.candidates_for_unit(unit, slot=slot)
