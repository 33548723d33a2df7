"""Unmet demand: project files wanting a town (by name or by a search radius) against the vacant
units listed there, in cells of at least five projects; nothing smaller is ever shown. Both backends."""

from __future__ import annotations

from decimal import Decimal

from bourse.observatory.demand import unmet_demand

# Auray's centre is at (-2.981, 47.668); Vannes, 17 km east.
NEAR_VANNES = (-2.760, 47.657)


def test_cells_of_five_projects_or_more_against_the_units_on_offer(auray, vannes, make_project, make_listing):
    for n in range(6):  # food, 30–60 m², up to 12,000 € a year, naming Auray (visible or not)
        make_project(name=f"Épicerie {n}", visible=n % 2 == 0)
    for n in range(5):  # restaurants searching 25 km around Vannes: Auray is within reach
        make_project(name=f"Café {n}", sector="restaurant", min_area_m2=Decimal(70), max_area_m2=Decimal(90),
                     max_rent_per_year=Decimal(20000), towns=[], lon=NEAR_VANNES[0], lat=NEAR_VANNES[1],
                     radius_km=Decimal(25), place_label="Vannes")
    make_project(name="Café trop loin", sector="restaurant", min_area_m2=Decimal(70), max_area_m2=Decimal(90),
                 max_rent_per_year=Decimal(20000), towns=[], lon=NEAR_VANNES[0], lat=NEAR_VANNES[1],
                 radius_km=Decimal(5), place_label="Vannes")  # 5 km: does not reach Auray
    for n in range(2):  # crafts: two projects, a cell too small to show
        make_project(name=f"Atelier {n}", sector="crafts")
    make_project(name="Ailleurs", towns=[vannes])  # wants Vannes only
    make_listing(title="45 m² à 9 600 €")  # fits the grocers (48 m², 9,600 € a year)
    make_listing(title="Trop cher", rent_per_year=Decimal(30000))
    make_listing(title="Pas pour l'alimentaire", excluded_sectors=["food"], lon=-2.9830)

    demand = unmet_demand(auray)
    assert (demand.projects, demand.naming_the_town, demand.hidden, demand.offers) == (13, 8, 2, 3)
    assert [(c.sector, c.area_band, c.budget_band, c.projects, c.offers) for c in demand.cells] == [
        ("food", 1, 2, 6, 1), ("restaurant", 2, 2, 5, 0)]
    assert [c.unmet for c in demand.cells] == [True, True]


def test_the_public_page_never_shows_fewer_than_five(app, auray, make_project):
    for n in range(4):
        make_project(name=f"Épicerie {n}")
    page = app.test_client().get(f"/communes/{auray.id}/demande").get_data(as_text=True)
    assert "Moins de 5 projets" in page and "Épicerie" not in page and "<table" not in page
    make_project(name="Épicerie 5")
    page = app.test_client().get(f"/communes/{auray.id}/demande").get_data(as_text=True)
    assert "<td class=\"num\">5</td>" in page and "Épicerie" not in page
    assert app.test_client().get("/communes/999999/demande").status_code == 404
