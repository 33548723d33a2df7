"""An entrepreneur creates a project file and sees the spaces that fit, explained, on a list and a map."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.test_premises_flow import sign_in

pytestmark = pytest.mark.browser


def test_project_then_ranked_spaces_with_explanations(page, entrepreneur, make_listing, auray):
    make_listing(title="Boutique idéale", sales_area_m2=Decimal(45), rent_per_year=Decimal(9000),
                 step_free_access=True)
    make_listing(title="Un peu chère", sales_area_m2=Decimal(50), rent_per_year=Decimal(14400), lon=-2.9790,
                 lat=47.6665)
    make_listing(title="Pas d'alimentaire", excluded_sectors=["food"], lon=-2.9840, lat=47.6695)

    sign_in(page, entrepreneur.email)
    page.get_by_role("link", name="Mes projets").click()
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label("Nom du projet").fill("Épicerie vrac du Loch")
    page.get_by_label("Activité").select_option("food")
    page.get_by_label("Surface de vente à partir de (m²)").fill("30")
    page.get_by_label("Surface de vente jusqu'à (m²)").fill("60")
    page.get_by_label("Loyer annuel maximum (€)").fill("12000")
    page.get_by_label("Auray").check()
    page.get_by_label("Accès de plain-pied").select_option("nice")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Locaux pour Épicerie vrac du Loch")
    results = page.locator(".result.match")
    expect(results).to_have_count(2)  # the use clause rules the third out
    expect(results.nth(0)).to_contain_text("Boutique idéale")
    expect(results.nth(0)).to_contain_text("Correspondance : 100/100")
    expect(results.nth(1)).to_contain_text("Loyer 14\u202f400\u00a0€/an, 20 % au-dessus de votre budget")
    expect(page.get_by_text("1 écarté par un besoin impératif ou la clause de destination")).to_be_visible()

    markers = page.locator(".map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(markers.first).to_have_attribute("title", re.compile(r"^100/100 — Boutique idéale$"))
    markers.first.focus()  # keyboard users reach the markers too; the tooltip opens on focus
    expect(page.locator(".leaflet-tooltip")).to_contain_text("100/100 — Boutique idéale")
    page.watch.assert_clean()
