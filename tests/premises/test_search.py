"""Search filters, sorting, pagination and shareable URLs, on both backends."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bourse.search import filters as search

RESULT_TITLE = re.compile(r'<li class="result">\s*<a href="/locaux/\d+"><strong>([^<]+)</strong>')


def titles(client, query: str) -> list[str]:
    response = client.get("/recherche?" + query)
    assert response.status_code == 200
    return RESULT_TITLE.findall(response.get_data(as_text=True))


@pytest.fixture
def listings(make_listing, vannes):
    today = date.today()
    make_listing(title="Petite boutique", sales_area_m2=Decimal(30), rent_per_year=Decimal(4800),
                 step_free_access=True, available_from=today)
    make_listing(title="Grand local", sales_area_m2=Decimal(120), rent_per_year=Decimal(24000),
                 has_extraction=True, excluded_sectors=["restaurant"], lon=-2.9795, lat=47.6665,
                 available_from=today + timedelta(days=200))
    make_listing(title="Murs à vendre", sales_area_m2=Decimal(70), deal_type="walls_for_sale",
                 rent_per_year=None, allowed_sectors=["services"], lon=-2.9845, lat=47.6695)
    make_listing(title="Local à Vannes", town=vannes, lon=-2.7603, lat=47.6582, sales_area_m2=Decimal(50),
                 rent_per_year=Decimal(9000))
    make_listing(title="Brouillon caché", status="draft")
    make_listing(title="Déjà loué", status="let")


def test_only_published_premises_are_found(client, listings):
    found = titles(client, "")
    assert set(found) == {"Petite boutique", "Grand local", "Murs à vendre", "Local à Vannes"}


@pytest.mark.parametrize("query, expected", [
    ("town=56260", {"Local à Vannes"}),
    ("town=56007&min_area=50", {"Grand local", "Murs à vendre"}),
    ("max_area=40", {"Petite boutique"}),
    ("max_rent=10000", {"Petite boutique", "Local à Vannes"}),
    ("deal=walls_for_sale", {"Murs à vendre"}),
    ("step_free=1", {"Petite boutique"}),
    ("extraction=1", {"Grand local"}),
    ("sector=restaurant", {"Petite boutique", "Local à Vannes"}),  # excluded by one, not allowed by another
    ("sector=services", {"Petite boutique", "Murs à vendre", "Local à Vannes", "Grand local"}),
    ("bbox=-2.99,47.66,-2.975,47.669", {"Petite boutique", "Grand local"}),
    ("lat=47.6680&lon=-2.9826&radius_km=0.2", {"Petite boutique"}),
])
def test_each_filter(client, listings, query, expected):
    assert set(titles(client, query)) == expected


def test_available_by_keeps_units_free_in_time(client, listings):
    by = (date.today() + timedelta(days=30)).isoformat()
    assert "Grand local" not in titles(client, f"available_by={by}")
    assert "Petite boutique" in titles(client, f"available_by={by}")


def test_radius_around_an_address(client, listings, geocoder):
    found = titles(client, "near=4 place de la République Auray&radius_km=0.2")
    assert found == ["Petite boutique"]


def test_address_search_with_the_geocoder_down_says_so(client, listings, geocoder):
    geocoder.mode = "down"
    html = client.get("/recherche?near=4 place de la République").get_data(as_text=True)
    assert "Le service d&#39;adresses ne répond pas" in html


@pytest.mark.parametrize("sort, expected", [
    ("rent", ["Petite boutique", "Local à Vannes", "Grand local", "Murs à vendre"]),
    ("area", ["Grand local", "Murs à vendre", "Local à Vannes", "Petite boutique"]),
    ("distance&lat=47.6695&lon=-2.9845", ["Murs à vendre", "Petite boutique", "Grand local", "Local à Vannes"]),
])
def test_sorting(client, listings, sort, expected):
    assert titles(client, f"sort={sort}") == expected


def test_pagination(client, make_listing):
    for n in range(search.PAGE_SIZE + 3):
        make_listing(title=f"Local {n:02d}", sales_area_m2=Decimal(20 + n))
    first = titles(client, "sort=area")
    second = titles(client, "sort=area&page=2")
    assert len(first) == search.PAGE_SIZE and len(second) == 3
    assert not set(first) & set(second)
    html = client.get("/recherche?sort=area").get_data(as_text=True)
    assert "Page 1 sur 2" in html and 'href="/recherche?sort=area&amp;page=2"' in html


def test_filters_live_in_the_url_and_round_trip(app):
    args = {"town": "56007", "min_area": "30", "max_rent": "12000", "deal": "to_let", "step_free": "1",
            "sector": "food", "sort": "rent", "bbox": "-3.0,47.6,-2.9,47.7"}
    again = search.to_args(search.parse(args))
    assert search.parse(again) == search.parse(args)


@pytest.mark.parametrize("query, message", [
    ("min_area=-5", "min_area doit être compris entre"),
    ("max_rent=abc", "max_rent doit être un nombre."),
    ("radius_km=0&lat=47&lon=-3", "radius_km doit être compris entre"),
    ("radius_km=10000&lat=47&lon=-3", "radius_km doit être compris entre"),
    ("lat=95&lon=0", "lat doit être compris entre"),
    ("bbox=10,10,0,0", "Zone de carte invalide"),
    ("available_by=demain", "Les dates s&#39;écrivent AAAA-MM-JJ."),
])
def test_bad_filters_are_explained_not_crashed(client, listings, query, message):
    response = client.get("/recherche?" + query)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
