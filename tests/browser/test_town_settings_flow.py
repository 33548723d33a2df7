"""A town manager imports a survey from a phone: the page follows the import job, then reports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bourse.extensions import db
from bourse.register.models import Unit
from tests.browser.test_premises_flow import sign_in
from tests.builders import survey_csv

pytestmark = pytest.mark.browser


def test_a_survey_import_follows_the_job_then_shows_the_report(page, manager, auray, tmp_path, workers):
    csv_file = tmp_path / "releve.csv"
    csv_file.write_text(survey_csv(2000, separator=";") + "Casino;occupied;casino;47.668;-2.982\n", encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, manager.email)
    page.goto(f"/communes/{auray.id}/reglages")
    page.get_by_role("link", name="Relevés de terrain").click()
    page.get_by_label("Fichier du relevé (CSV ou GeoJSON)").set_input_files(str(csv_file))
    page.get_by_label("Importer seulement les lignes valides", exact=True).check()
    page.get_by_role("button", name="Importer", exact=True).click()

    # No worker yet: the request only queued the job, and the page says it waits.
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("En attente d’un processus")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    workers.start()  # the page polls, and shows the report by itself once the job is over
    expect(page.locator(".flash-success")).to_contain_text("2000 observations enregistrées", timeout=30_000)
    expect(page.get_by_role("heading", name="1 ligne ignorée")).to_be_visible()
    expect(page.locator(".import-problems")).to_contain_text("Ligne 2002 : secteur inconnu « casino ».")
    expect(page.locator("progress")).to_have_count(0)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 2000

    page.get_by_role("link", name="Voir le relevé").click()
    expect(page.get_by_role("heading", name="0 unité non vue par ce relevé")).to_be_visible()
    page.watch.assert_clean()
