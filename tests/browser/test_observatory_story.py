"""Anyone reads Auray's commerce observatory on the demo data: figures, charts drawn, their tables,
the map by zone, a chart saved as PNG, another period and a zone; then the town's manager goes down
to the vacant units one by one and runs an impact study from one of them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from tests.browser.test_premises_flow import sign_in

pytestmark = pytest.mark.browser


def test_the_public_observatory_then_the_managers_units_and_an_impact_study(app, page, manager, auray):
    CliRunner().invoke(app.cli, ["seed-demo"], catch_exceptions=False)

    page.goto("/")
    page.get_by_role("link", name="Observatoire du commerce").click()
    page.get_by_role("link", name="Auray").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Observatoire du commerce — Auray")
    expect(page.locator(".provenance")).to_contain_text("Périmètre version 1")
    page.get_by_text("Sources", exact=True).click()
    expect(page.locator("details.sources")).to_contain_text("Relevé « Relevé d'octobre 2026 »")
    rate = page.locator(".figure").first
    expect(rate).to_contain_text("taux de vacance")
    assert "%" in rate.locator(".figure-value").inner_text()
    # Every chart drawn by Chart.js, with a table of the same numbers beside it.
    assert page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c))")
    assert page.locator("canvas[data-chart]").count() == 5
    expect(page.get_by_role("table", name="Cellules à la fin de chaque mois")).to_be_visible()
    expect(page.get_by_role("table", name="Cellules occupées par activité")).to_contain_text("Cafés et restaurants")
    expect(page.locator(".folium-map path.leaflet-interactive")).to_have_count(4)  # the perimeter and three zones

    with page.expect_download() as saved:
        page.get_by_role("button", name="Télécharger le graphique (PNG)").first.click()
    download = saved.value
    assert download.suggested_filename == "vacance-56007.png"
    with open(download.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"

    # Another period, then one zone.
    page.locator("input[name=du]").fill("2018-01")
    page.locator("input[name=au]").fill("2020-12")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"du=2018-01&au=2020-12"))
    expect(page.get_by_role("table", name="Cellules à la fin de chaque mois")).to_contain_text("2020-12")
    page.get_by_role("link", name="Rue du Château").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Observatoire du commerce — Auray — Rue du Château")
    assert "/registre/unites/" not in page.content()  # the public never sees a unit

    # The town's manager: the vacant units one by one, long-term first, each linked to the register.
    sign_in(page, manager.email)
    page.goto(f"/communes/{auray.id}/observatoire")
    page.get_by_role("link", name="Les cellules vacantes, une par une (managers)").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Longue durée")
    rows = table.locator("tbody tr")
    assert rows.count() >= 10
    first_days = int(rows.nth(0).locator("td").nth(2).inner_text())
    assert first_days >= 365  # the long-term ones come first
    rows.nth(0).locator("a").click()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()

    # From that unit, an impact study for a bakery-grocery, printed on one page.
    page.get_by_role("link", name="Étude d'impact").click()
    expect(page.locator(".field-error")).to_have_count(0)  # nothing asked yet, nothing wrong
    page.get_by_role("combobox", name="Activité").select_option("food")
    page.get_by_role("button", name="Étudier").click()
    expect(page.get_by_role("table", name="Autour du lieu")).to_contain_text("300 m")
    expect(page.locator(".folium-map")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer le rapport")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".impact-form")).to_be_hidden()
