"""Forms that help: the address saved as the address service knows it, and a field shown (and
asked for) only when the answer before it makes it apply."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bourse.extensions import db
from bourse.projects.models import Project
from tests.browser.test_premises_flow import sign_in

pytestmark = pytest.mark.browser


def test_the_located_address_replaces_what_was_typed(page, landlord, auray, geocoder):
    sign_in(page, landlord.email)
    page.goto("/locaux/nouveau")
    page.get_by_label("Adresse").fill("11 rue du lait")
    page.locator("#geocode-button").click()
    expect(page.get_by_label("Adresse")).to_have_value("11 Rue du Lait 56400 Auray")
    expect(page.locator("#lat")).not_to_have_value("")
    page.watch.assert_clean()


def test_the_frontage_is_asked_only_once_frontage_matters(page, entrepreneur, auray):
    sign_in(page, entrepreneur.email)
    page.goto("/projets/nouveau")
    frontage = page.get_by_label("Linéaire de vitrine minimum (m)")
    expect(frontage).to_be_hidden()
    page.get_by_label("Linéaire de vitrine", exact=True).select_option("nice")
    expect(frontage).to_be_visible()
    assert frontage.evaluate("e => e.required")
    page.get_by_label("Linéaire de vitrine", exact=True).select_option("none")
    expect(frontage).to_be_hidden()
    page.get_by_label("Nom du projet").fill("Fleuriste")
    page.get_by_label("Activité").select_option("personal_goods")
    page.get_by_label("Surface de vente à partir de (m²)").fill("20")
    page.get_by_label("Surface de vente jusqu'à (m²)").fill("40")
    page.get_by_label("Loyer annuel maximum (€)").fill("9000")
    page.get_by_label("Auray").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("p.flash")).to_contain_text("Projet enregistré")
    db.session.commit()
    assert db.session.scalar(db.select(Project.min_frontage_m)) is None
    page.watch.assert_clean()
