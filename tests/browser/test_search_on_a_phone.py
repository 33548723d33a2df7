"""The search page on a phone: the results come first, the filters and the map one tap away, and
the map opens on the results (here in Brittany), not on the middle of France."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def brittany(make_listing):
    return [make_listing(title=f"Boutique {n}", lon=-2.985 + n * 0.002, lat=47.667 + n * 0.001) for n in range(3)]


def test_results_first_then_filters_and_map_one_tap_away(page, brittany):
    page.set_viewport_size(PHONE)
    page.goto("/recherche", wait_until="networkidle")
    first = page.locator(".result").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"], "the first result is on the first screen"
    if os.environ.get("BOURSE_SCREENSHOTS"):  # refreshes the picture in docs/ (README, docs/benchmarks.md)
        page.screenshot(path=str(ROOT / "docs" / "search-390px.png"))
    expect(page.get_by_label("Commune", exact=True)).to_be_hidden()  # the filters are folded
    page.locator("summary", has_text="Filtres").click()
    expect(page.get_by_label("Commune", exact=True)).to_be_visible()
    page.locator("summary", has_text="Carte").click()
    map_box = page.locator(".search-layout .folium-map").bounding_box()
    assert map_box["width"] > 300 and map_box["height"] > 200
    expect(page.locator(".leaflet-marker-icon, .marker-cluster").first).to_be_visible()
    page.watch.assert_clean()


def test_the_map_opens_on_the_results(page, brittany):
    page.goto("/recherche", wait_until="networkidle")
    name = page.locator("#premises-map-config").get_attribute("data-map")
    for unit in brittany:
        lon, lat = -2.985 + brittany.index(unit) * 0.002, 47.667 + brittany.index(unit) * 0.001
        assert page.evaluate(f"window['{name}'].getBounds().contains([{lat}, {lon}])")
    assert page.evaluate(f"window['{name}'].getZoom()") >= 12  # a town, not a country
    page.watch.assert_clean()
