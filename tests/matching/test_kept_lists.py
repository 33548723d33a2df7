"""Kept match lists: a big town's project reads its kept units and those changed since, and gets
what reading every candidate gets; when the list can no longer tell, the page ranks live."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from bourse.extensions import db
from bourse.matching import candidates, lists
from bourse.matching import services as matching
from bourse.matching.models import ProjectMatchList
from bourse.premises import services as premises_services
from bourse.premises.models import Premises
from bourse.projects import services as project_services
from bourse.timeutil import utcnow
from tests.fixtures import project_data
from tests.support.jobs import jobs_named, work_off

pytestmark = pytest.mark.usefixtures("no_change_margin")


def _full_scan(project, k):
    found = candidates.units_for_project(project, utcnow().date())
    return matching._rank_units(project, found, k)


def _same(ranking, full) -> None:
    assert [m.score for m in ranking.matches] == [m.score for m in full.matches]
    last = full.matches[-1].score if full.matches else None
    assert {(m.premises.id, m.score) for m in ranking.matches if m.score > last} == \
        {(m.premises.id, m.score) for m in full.matches if m.score > last}


def _units(make_listing, rng, n):
    return [make_listing(title=f"Local {i}", lon=-2.9826 + rng.uniform(-0.002, 0.002),
                         lat=47.668 + rng.uniform(-0.001, 0.001), sales_area_m2=Decimal(rng.randint(20, 100)),
                         rent_per_year=Decimal(rng.randint(40, 200) * 100), has_extraction=rng.random() < 0.4)
            for i in range(n)]


def _no_full_read(monkeypatch):
    """The list path must not count or sort the town's candidates."""
    def refuse(*_a, **_kw):
        raise AssertionError("read every candidate")
    monkeypatch.setattr(candidates, "plain_counts", refuse)
    original = candidates.units_for_project
    monkeypatch.setattr(candidates, "units_for_project", lambda *a, **kw: original(*a, **kw) if "among" in kw
                        else refuse())


@pytest.mark.parametrize("seed", range(3))
def test_a_kept_list_answers_as_the_full_scan_through_changes(make_listing, make_project, landlord, monkeypatch,
                                                              seed):
    rng = random.Random(seed)
    monkeypatch.setattr(lists, "LIST_FROM", 10)
    monkeypatch.setattr(lists, "LIST_SIZE", 12)
    units = _units(make_listing, rng, 40)
    project = make_project(min_area_m2=Decimal(40), max_area_m2=Decimal(70), max_rent_per_year=Decimal(12000),
                           need_extraction=rng.choice(["none", "nice"]))
    work_off()  # the publications' alerts
    live = matching.matches_for_project(project, k=5)  # no list yet: ranked live, a list asked for
    assert _keep_jobs() == 1
    assert work_off() == ["done"]
    kept = db.session.get(ProjectMatchList, project.id)
    assert len(kept.premises_ids) == 12 and kept.considered == live.considered
    full = _full_scan(project, 5)
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        from_list = matching.matches_for_project(project, k=5)
    _same(from_list, full)
    assert (from_list.considered, from_list.removed) == (live.considered, live.removed)

    # Changes the list never saw: a new best unit, a kept unit withdrawn, a kept one dearer.
    best = make_listing(title="Idéal", sales_area_m2=Decimal(55), rent_per_year=Decimal(5000), has_extraction=True)
    withdrawn = db.session.get(Premises, kept.premises_ids[0])
    premises_services.change_status(landlord, withdrawn, "withdraw")
    dearer = db.session.get(Premises, kept.premises_ids[1])
    dearer.rent_per_year = Decimal(17000)
    db.session.commit()
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        patched = matching.matches_for_project(project, k=5)
    _same(patched, _full_scan(project, 5))
    top = patched.matches[0].score
    assert best.id in {m.premises.id for m in patched.matches if m.score == top}  # unseen by the list, yet found
    assert withdrawn.id not in {m.premises.id for m in patched.matches}
    assert units  # the town's units made above


def test_a_list_that_can_no_longer_tell_gives_way_to_the_live_ranking(make_listing, make_project, landlord, auray,
                                                                       monkeypatch):
    rng = random.Random(9)
    monkeypatch.setattr(lists, "LIST_FROM", 10)
    monkeypatch.setattr(lists, "LIST_SIZE", 6)
    _units(make_listing, rng, 30)
    project = make_project(min_area_m2=Decimal(40), max_area_m2=Decimal(70), max_rent_per_year=Decimal(12000))
    matching.matches_for_project(project)
    work_off()
    kept = db.session.get(ProjectMatchList, project.id)
    for premises_id in kept.premises_ids[:3]:  # half the list gone: the 5th best now lies outside it
        premises_services.change_status(landlord, db.session.get(Premises, premises_id), "withdraw")
    db.session.commit()
    _same(matching.matches_for_project(project, k=5), _full_scan(project, 5))

    # A project changed since its list: ranked live again, and a new list asked for.
    project_services.save_project(project.owner, project, project_data(min_area_m2=Decimal(30), towns=[auray]))
    db.session.commit()
    jobs_before = _keep_jobs()
    _same(matching.matches_for_project(project, k=5), _full_scan(project, 5))
    db.session.commit()
    assert _keep_jobs() == jobs_before + 1


def test_small_towns_keep_no_list_and_old_lists_are_redone_or_dropped(make_listing, make_project, monkeypatch):
    _units(make_listing, random.Random(3), 8)
    project = make_project(min_area_m2=Decimal(40), max_area_m2=Decimal(70), max_rent_per_year=Decimal(12000))
    work_off()  # the publications' alerts
    matching.matches_for_project(project)
    db.session.commit()
    assert _keep_jobs() == 0  # 8 candidates: the live read is cheap, no list
    monkeypatch.setattr(lists, "LIST_FROM", 5)
    matching.matches_for_project(project)
    work_off()
    kept = db.session.get(ProjectMatchList, project.id)
    kept.computed_at = utcnow() - lists.REFRESH_AFTER - timedelta(hours=1)  # a day old: used, and redone
    db.session.commit()
    with monkeypatch.context() as guard:
        _no_full_read(guard)
        matching.matches_for_project(project)
    db.session.commit()
    assert _keep_jobs(queued=True) == 1 and work_off() == ["done"]
    assert db.session.get(ProjectMatchList, project.id).computed_at > utcnow() - lists.REFRESH_AFTER
    db.session.get(ProjectMatchList, project.id).computed_at = utcnow() - lists.USABLE_FOR - timedelta(hours=1)
    db.session.commit()
    assert lists.kept_for(project) is None  # a week old: ranked live
    matching.drop_unused_lists()
    db.session.commit()
    assert db.session.get(ProjectMatchList, project.id) is None
    monkeypatch.setattr(lists, "LIST_FROM", 5)
    matching.keep_list(project.id)
    db.session.commit()
    monkeypatch.setattr(lists, "LIST_FROM", 50)
    matching.keep_list(project.id)
    db.session.commit()
    assert db.session.get(ProjectMatchList, project.id) is None


def _keep_jobs(queued: bool = False) -> int:
    return jobs_named("matching.keep_list", queued)
