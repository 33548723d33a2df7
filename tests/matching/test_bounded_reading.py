"""Matching reads the best candidates only (a score bound sorted by the database), and finds what
reading every candidate finds: same units, same scores, same counts."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from bourse.extensions import db
from bourse.matching import candidates
from bourse.matching import services as matching
from bourse.timeutil import utcnow


def _full_scan(project, k):
    """The previous way: every candidate read and scored in Python."""
    found = candidates.units_for_project(project, utcnow().date())
    return matching._rank_units(project, found, k)


@pytest.mark.parametrize("seed", range(4))
def test_reading_the_best_few_finds_what_reading_everything_finds(make_listing, make_project, auray, monkeypatch,
                                                                     seed):
    rng = random.Random(seed)
    for n in range(40):
        let = rng.random() < 0.9
        make_listing(title=f"Local {n}", lon=-2.9826 + rng.uniform(-0.002, 0.002),
                     lat=47.668 + rng.uniform(-0.001, 0.001), sales_area_m2=Decimal(rng.randint(10, 120)),
                     rent_per_year=Decimal(rng.randint(20, 250) * 100) if let else None,
                     deal_type="to_let" if let else "walls_for_sale",
                     has_extraction=rng.random() < 0.4, excluded_sectors=["food"] if rng.random() < 0.1 else [])
    if seed % 2:
        auray.match_weights = {"surface": 10, "budget": 50, "place": 10, "date": 10, "needs": 10, "trade_mix": 10}
        db.session.commit()
    reads = []
    original = candidates.units_for_project
    monkeypatch.setattr(candidates, "units_for_project",
                        lambda *a, **kw: reads.append(kw.get("best")) or original(*a, **kw))
    monkeypatch.setattr(matching, "FIRST_READ", 2)
    project = make_project(min_area_m2=Decimal(40), max_area_m2=Decimal(70), max_rent_per_year=Decimal(rng.randint(50, 150) * 100),
                           need_extraction=rng.choice(["none", "nice", "must"]))
    for k in (1, 5, 20):
        reads.clear()
        bounded = matching.matches_for_project(project, k=k)
        bounded_reads = list(reads)
        full = _full_scan(project, k)
        assert [m.score for m in bounded.matches] == [m.score for m in full.matches]
        assert {(m.premises.id, m.score) for m in bounded.matches if m.score > bounded.matches[-1].score} == \
            {(m.premises.id, m.score) for m in full.matches if m.score > full.matches[-1].score}
        assert bounded.considered == full.considered and bounded.removed == full.removed
        same = {m.premises.id: m for m in full.matches}
        shared = [m for m in bounded.matches if m.premises.id in same]
        assert (shared or k == 1) and all([r.sentence for r in m.reasons] == [r.sentence for r in same[m.premises.id].reasons]
                              for m in shared)
        assert all(b == max(2 * 4 ** n, k) for n, b in enumerate(bounded_reads))


def test_a_clear_winner_is_found_in_the_first_read(make_listing, make_project, monkeypatch):
    for n in range(30):
        make_listing(title=f"Trop grand {n}", sales_area_m2=Decimal(85))
    make_listing(title="Parfait", sales_area_m2=Decimal(45), rent_per_year=Decimal(6000))
    reads = []
    original = candidates.units_for_project
    monkeypatch.setattr(candidates, "units_for_project",
                        lambda *a, **kw: reads.append(kw.get("best")) or original(*a, **kw))
    monkeypatch.setattr(matching, "FIRST_READ", 1)
    ranking = matching.matches_for_project(make_project(), k=1)
    assert [m.premises.title for m in ranking.matches] == ["Parfait"] and reads == [1]
    assert ranking.considered == 31
