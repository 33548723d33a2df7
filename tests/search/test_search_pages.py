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
