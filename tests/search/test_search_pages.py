"""The search page at any size: a capped count, the relevance order read a page at a time, and the
cover photo copied onto the listing by the photo service."""

from __future__ import annotations

import pytest

from bourse.extensions import db
from bourse.premises import photos
from bourse.search import filters as search
from tests.builders import make_call, make_programme, make_slot
from tests.premises.test_photos import png_bytes
from tests.premises.test_search import titles
from tests.conftest import csrf_token


def test_relevance_puts_open_test_boutiques_then_photos_then_the_freshest_across_pages(
        client, make_listing, manager, landlord, monkeypatch):
    plain = [make_listing(title=f"Sans photo {n}") for n in range(5)]
    pictured = [make_listing(title=f"Avec photo {n}") for n in range(2)]
    for premises in pictured:
        photos.add_photo(landlord, premises, png_bytes())
        db.session.commit()
    boutique = make_listing(title="Boutique en essai")
    make_slot(manager, make_call(manager, make_programme(manager, boutique)))
    monkeypatch.setattr(search, "PAGE_SIZE", 3)
    seen = [title for page in (1, 2, 3) for title in titles(client, f"page={page}")]
    assert seen == ["Boutique en essai", "Avec photo 1", "Avec photo 0",
                    *(f"Sans photo {n}" for n in reversed(range(len(plain))))]


def test_a_large_result_is_counted_no_further_than_the_cap(client, make_listing, monkeypatch):
    for n in range(5):
        make_listing(title=f"Local {n}")
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    html = client.get("/recherche").get_data(as_text=True)
    assert "Plus de 3 résultats" in html and "Page 1" in html and "Page 1 sur" not in html
    assert 'href="/recherche?page=2"' in html
    assert titles(client, "page=2") == ["Local 2", "Local 1"]
    last = client.get("/recherche?page=3").get_data(as_text=True)  # past the cap: a page while there are results
    assert titles(client, "page=3") == ["Local 0"] and 'rel="next"' not in last
    client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    assert "More than 3 results" in client.get("/recherche").get_data(as_text=True)


def test_the_listing_row_keeps_its_cover_in_step_with_its_photos(make_listing, landlord):
    premises = make_listing()
    assert premises.has_photo is False and premises.cover_photo_key is None
    first = photos.add_photo(landlord, premises, png_bytes())
    second = photos.add_photo(landlord, premises, png_bytes(colour=(10, 200, 10)))
    db.session.commit()
    assert premises.has_photo and premises.cover_photo_key == first.storage_key
    photos.set_cover(landlord, second)
    db.session.commit()
    assert premises.cover_photo_key == second.storage_key
    photos.delete_photo(landlord, second)
    db.session.commit()
    assert premises.cover_photo_key == first.storage_key
    photos.delete_photo(landlord, first)
    db.session.commit()
    db.session.expire_all()
    assert premises.has_photo is False and premises.cover_photo_key is None


@pytest.mark.parametrize("sort", ["relevance", "area", "rent"])
def test_each_order_uses_an_index_not_a_sort_of_every_row(app, make_listing, sort):
    """PostgreSQL's plan for a page of the unfiltered search reads an index in order (no Sort node
    over the table); checked on PostgreSQL, whose planner reports it."""
    if db.engine.dialect.name != "postgresql" or sort == "rent":
        pytest.skip("plans are compared on PostgreSQL; rent sorts NULLs last, which no index gives")
    make_listing()
    from sqlalchemy import text

    f = search.Filters(sort=sort)
    query = db.select(search.Premises.id).where(*search.conditions(f)).order_by(*search.order_by(f)).limit(20)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(r[0] for r in db.session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_premises_search_" in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("walk_at_most", [10_000, 2])
def test_a_dense_place_is_paged_by_walking_the_order_as_the_full_sort_pages_it(
        make_listing, manager, vannes, monkeypatch, walk_at_most):
    """Over the cap, a search for a place reads its page among the first listings of the order
    (``_walked``): the same pages as sorting every hit, in relevance and area order, with an open
    test boutique first; when the walk's prefix holds too few, the sort answers (``walk_at_most`` 2)."""
    import random

    from bourse.geo import BBox, point_coords

    rng = random.Random(11)
    inside = [make_listing(title=f"Dedans {n}", lon=-2.9826 + rng.uniform(-0.002, 0.002),
                           lat=47.668 + rng.uniform(-0.001, 0.001), sales_area_m2=rng.randint(20, 90))
              for n in range(14)]
    lon, lat = point_coords(vannes.centre)
    for n in range(10):  # outside the place, and the freshest: a walk meets them first
        make_listing(title=f"Dehors {n}", town=vannes, lon=lon + rng.uniform(-0.001, 0.001),
                     lat=lat + rng.uniform(-0.001, 0.001), sales_area_m2=rng.randint(20, 90))
    for premises in rng.sample(inside, 4):
        premises.has_photo = True
    db.session.commit()
    inside[3].has_photo = True  # the test boutique would lead the order too: it must not come twice
    db.session.commit()
    make_slot(manager, make_call(manager, make_programme(manager, inside[3])))

    def pages(**kwargs) -> list[list[int]]:
        return [[p.id for p in search.search(search.Filters(page=n, **kwargs)).items] for n in (1, 2, 3)]

    places = [dict(lat=47.668, lon=-2.9826, radius_km=3), dict(bbox=BBox(-3.0, 47.66, -2.97, 47.67))]
    expected = {(i, sort): pages(sort=sort, **place) for i, place in enumerate(places) for sort in ("relevance", "area")}
    walks = []
    walked = search._walked
    monkeypatch.setattr(search, "_walked", lambda *a, **kw: walks.append(walked(*a, **kw)) or walks[-1])
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    monkeypatch.setattr(search, "PAGE_SIZE", 4)
    monkeypatch.setattr(search, "WALK_AT_MOST", walk_at_most)
    for (i, sort), reference in expected.items():
        got = [[p.id for p in search.search(search.Filters(page=n, sort=sort, **places[i])).items] for n in (1, 2, 3)]
        assert got == [page[:4] for page in _repaged(reference, 4)], (i, sort)
    # Every page was found by the walk; with a prefix of 2 listings, pages fell back to the sort.
    assert len(walks) == 12 and (None not in walks if walk_at_most > 100 else walks.count(None) >= 6)
    assert inside[3].id == expected[(0, "relevance")][0][0]  # the open test boutique leads


def _repaged(pages: list[list[int]], size: int) -> list[list[int]]:
    flat = [i for page in pages for i in page]
    return [flat[n * size:(n + 1) * size] for n in range(3)]


@pytest.mark.parametrize("sort", ["relevance", "area", "rent"])
def test_a_few_hits_sorted_in_python_come_in_the_databases_order(make_listing, manager, monkeypatch, sort):
    """Up to the cap, the hits are read with their order's keys and sorted in Python: the same pages
    as the database's ORDER BY, ties (same photo flag, same area, no rent) broken by id alike."""
    import random
    from datetime import timedelta
    from decimal import Decimal

    from bourse.timeutil import utcnow

    rng = random.Random(sort)
    rents = [None, Decimal(9000), Decimal(9000), Decimal(12000)]
    made = []
    for n in range(16):
        rent = rng.choice(rents)  # walls for sale: no rent
        made.append(make_listing(title=f"Local {n}", sales_area_m2=Decimal(rng.choice([30, 45, 45, 60])),
                                 rent_per_year=rent, deal_type="walls_for_sale" if rent is None else "to_let"))
    same_moment = utcnow() - timedelta(days=3)
    for premises in made:
        premises.has_photo = rng.random() < 0.4
    db.session.commit()
    for premises in rng.sample(made, 6):  # ties on the freshness too
        premises.updated_at = same_moment
    db.session.commit()
    make_slot(manager, make_call(manager, make_programme(manager, made[5])))
    monkeypatch.setattr(search, "PAGE_SIZE", 5)

    def pages() -> list[list[int]]:
        return [[p.id for p in search.search(search.Filters(sort=sort, page=n)).items] for n in (1, 2, 3, 4)]

    in_python = pages()
    monkeypatch.setattr(search, "_python_order", lambda f: None)  # the database sorts the hits
    assert in_python == pages()
    assert sum(len(page) for page in in_python) == 16
