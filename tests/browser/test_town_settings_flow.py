"""A town manager imports the town's shops from a phone: the page follows the import job, then reports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bourse.extensions import db
from bourse.towns.models import TownShop
from tests.browser.test_premises_flow import sign_in

pytestmark = pytest.mark.browser


def test_import_shops_follows_the_job_then_shows_the_report(page, manager, auray, tmp_path, workers):
    rows = "".join(f"Commerce {n};food;{47.660 + n * 0.00001:.5f};-2.982\n" for n in range(2000))
    csv_file = tmp_path / "commerces.csv"
    csv_file.write_text("name;sector;lat;lon\n" + rows + "Casino;casino;47.668;-2.982\n", encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, manager.email)
    page.goto(f"/communes/{auray.id}/reglages")
    page.get_by_label("Fichier CSV des commerces de la commune").set_input_files(str(csv_file))
    page.get_by_label("Importer seulement les lignes valides").check()
    page.get_by_role("button", name="Importer").click()

    # No worker yet: the request only queued the job, and the page says it waits.
    expect(page.get_by_role("heading", name="Import des commerces de Auray")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("En attente d’un processus")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    workers.start()  # the page polls, and shows the report by itself once the job is over
    expect(page.locator(".flash-success")).to_contain_text("2000 commerces importés.", timeout=30_000)
    expect(page.get_by_role("heading", name="1 ligne ignorée")).to_be_visible()
    expect(page.locator(".import-problems")).to_contain_text("Ligne 2002 : secteur inconnu « casino ».")
    expect(page.locator("progress")).to_have_count(0)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(TownShop.id))) == 2000

    page.get_by_role("link", name="Réglages de Auray").click()
    expect(page.get_by_text("2000 commerces importés")).to_be_visible()
    page.watch.assert_clean()
