"""A town manager builds the register: draws and validates the town-centre perimeter, imports a survey
with a bad row and reads the report, walks the street with a phone recording two units, and sees
the register's map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bourse.extensions import db
from bourse.geo.types import to_geometry
from bourse.register.models import Observation, Perimeter, SurveyCampaign, Unit
from tests.browser.test_premises_flow import sign_in
from tests.builders import survey_csv

pytestmark = pytest.mark.browser


def draw_polygon(page, corners: list[tuple[float, float]]) -> None:
    """Click the polygon tool, then each corner (fractions of the map's width and height), then the first again."""
    page.locator(".leaflet-pm-icon-polygon").click()
    box = page.locator(".map").bounding_box()
    for x, y in corners + corners[:1]:
        page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)


def test_a_manager_draws_the_perimeter_imports_a_survey_walks_the_street_and_reads_the_map(
        page, manager, auray, tmp_path, workers):
    sign_in(page, manager.email)

    # 1. The perimeter, drawn on the map, then a zone inside it, and validated.
    page.goto(f"/communes/{auray.id}/perimetre")
    draw_polygon(page, [(0.15, 0.15), (0.85, 0.15), (0.85, 0.85), (0.15, 0.85)])
    page.get_by_label("Une zone (une rue, un quartier) nommée").check()
    page.get_by_label("Nom de la zone").fill("Rue du Lait")
    draw_polygon(page, [(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)])
    page.get_by_role("button", name="Valider ce périmètre").click()
    expect(page.locator(".flash-success")).to_contain_text("Version 1 du périmètre validée.")
    db.session.commit()
    perimeter = db.session.scalar(db.select(Perimeter))
    assert perimeter.validated_by == manager.id and [z.name for z in perimeter.zones] == ["Rue du Lait"]
    expect(page.get_by_text("Zones : Rue du Lait.")).to_be_visible()
    assert to_geometry(perimeter.zones[0].area).within(to_geometry(perimeter.area).buffer(1e-9))

    # 2. A survey with a bad row: refused whole, the report says which line and why.
    survey = tmp_path / "releve.csv"
    survey.write_text(survey_csv(3, lat=47.6675, lon=-2.9815) + "Casino,occupied,casino,47.668,-2.982\n",
                      encoding="utf-8")
    page.goto(f"/communes/{auray.id}/releves")
    page.get_by_label("Fichier du relevé (CSV ou GeoJSON)").set_input_files(str(survey))
    page.get_by_role("button", name="Importer", exact=True).click()
    workers.start()
    expect(page.locator(".flash-error")).to_contain_text("Rien n'a été importé", timeout=30_000)
    expect(page.locator(".import-problems")).to_contain_text("Ligne 5 : secteur inconnu « casino ».")
    page.get_by_role("link", name="Importer un autre fichier").click()
    page.get_by_label("Fichier du relevé (CSV ou GeoJSON)").set_input_files(str(survey))
    page.get_by_label("Importer seulement les lignes valides", exact=True).check()
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("3 observations enregistrées", timeout=30_000)

    # 3. On a phone: a walk, two units recorded (one tap for vacant, two for occupied + trade).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/communes/{auray.id}/releves")
    page.get_by_role("button", name="Commencer le relevé").click()
    expect(page.get_by_role("heading", name="Cellules autour")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(page.url + "?lon=-2.9815&lat=47.6675")  # standing at the survey's first unit
    first, second = page.locator(".walk-unit").nth(0), page.locator(".walk-unit").nth(1)
    first.get_by_role("button", name="Vacante").click()
    expect(first.locator("[data-state-line]")).to_contain_text("Enregistré : Vacante.")
    second.get_by_text("Occupée…").click()
    second.get_by_role("button", name="Cafés et restaurants").click()
    expect(second.locator("[data-state-line]")).to_contain_text("Enregistré : Occupée.")
    expect(page.locator("[data-seen-count]")).to_contain_text("2 cellules enregistrées dans ce relevé.")
    db.session.commit()
    walk = db.session.scalar(db.select(SurveyCampaign).where(SurveyCampaign.method == "field"))
    recorded = db.session.execute(db.select(Observation.state, Observation.sector)
                                  .where(Observation.campaign_id == walk.id).order_by(Observation.id)).all()
    assert recorded == [("vacant", None), ("occupied", "restaurant")]

    # 4. The register: its map draws the units of the visible box, its list says what each is.
    answers = []
    page.on("response", lambda r: answers.append(r) if "/registre/points" in r.url and r.status == 200 else None)
    page.goto(f"/communes/{auray.id}/registre?classe=leisure", wait_until="networkidle")
    assert len(answers[-1].json()["units"]) >= 1  # the last box asked for (opening the map moves it once)
    expect(page.locator(".leaflet-overlay-pane canvas")).to_be_visible()
    expect(page.locator("table.data caption")).to_contain_text("cellule")
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 3
    page.watch.assert_clean()
