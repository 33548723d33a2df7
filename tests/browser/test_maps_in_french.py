"""Maps speak the page's language: Leaflet's controls, the marker's label, the attribution, and a
metric scale only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_french_page_has_a_french_map_with_a_metric_scale(page, make_listing):
    unit = make_listing()
    page.goto(f"/locaux/{unit.id}", wait_until="networkidle")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom avant")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Zoom arrière")
    expect(page.locator(".leaflet-marker-icon").first).to_have_attribute("alt", "Marqueur")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("contributeurs")
    scales = page.locator(".leaflet-control-scale-line")
    expect(scales).to_have_count(1)
    assert page.locator(".leaflet-control-scale-line").inner_text().strip().endswith(("m", "km"))
    page.get_by_role("button", name="English").click()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom in")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("contributors")
    page.watch.assert_clean()


def test_a_popup_takes_the_size_of_the_text_that_arrives(page, make_listing):
    make_listing(title="Ancienne mercerie de la rue du Château, belle vitrine d'angle")
    page.goto("/recherche?town=56007", wait_until="networkidle")
    page.locator(".leaflet-marker-icon").first.click()
    title = page.locator(".leaflet-popup-content a.popup-title")
    expect(title).to_contain_text("Ancienne mercerie")
    content = page.locator(".leaflet-popup-content").bounding_box()
    wrapper = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert content["width"] >= 180
    assert content["height"] <= wrapper["height"]  # nothing cut off below
    assert title.bounding_box()["width"] <= wrapper["width"]
    page.watch.assert_clean()
