"""The observatory's pages and exports: the public page in aggregate, the managers' unit-level view
(nobody else's), bad periods and zones refused with a message, and the CSV for open-data portals.
On both backends."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.observatory import snapshots
from bourse.register.models import Source, UnitState
from bourse.register.services import observe
from tests.accounts.test_sessions import signed_in
from tests.observatory.history import build

PERIOD = "du=2024-01&au=2026-10"


def test_the_public_page_shows_figures_charts_tables_and_a_map_but_no_unit(app, auray, manager):
    build(auray, manager)
    response = app.test_client().get(f"/communes/{auray.id}/observatoire?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"83,3\s%", page)  # 5 vacant of 6 units on 31 October 2026
    assert page.count("<canvas") == 5 and page.count('data-export-png="chart-') == 5
    assert "<td>2026-10</td><td class=\"num\">6</td><td class=\"num\">5</td>" in page
    assert "Rue du Lait" in page  # the zone, in aggregate: 3 vacant of 3
    assert 'class="folium-map"' in page
    # Aggregates only: no unit's address, name or page.
    assert "/registre/unites/" not in page and "1 rue du Lait" not in page and "observatoire/unites" not in page
    assert "version 1" in page


def test_a_town_without_a_perimeter_or_without_units_is_explained(app, auray, manager):
    page = app.test_client().get(f"/communes/{auray.id}/observatoire").get_data(as_text=True)
    assert "pas encore validé de périmètre" in page and "<canvas" not in page
    from tests.observatory.history import drawing
    from bourse.register import perimeters

    far = [[-2.960, 47.650], [-2.955, 47.650], [-2.955, 47.653], [-2.960, 47.653], [-2.960, 47.650]]
    perimeters.validate(manager, auray.id, drawing(far))
    db.session.commit()
    response = app.test_client().get(f"/communes/{auray.id}/observatoire")
    assert response.status_code == 200 and "Aucune cellule du registre" in response.get_data(as_text=True)


def test_bad_periods_and_zones_are_refused_with_a_message(app, auray, manager):
    build(auray, manager)
    client = app.test_client()
    for query, message in (("du=2024-13", "AAAA-MM"), ("au=2099-01", "après ce mois"),
                           ("du=2026-05&au=2026-01", "commencer avant"), ("du=1970-01", "janvier 1990"),
                           ("du=2000-01&au=2026-01", "vingt ans"), ("zone=abc", "zone de la liste"),
                           ("zone=999999", "zone de la liste")):
        response = client.get(f"/communes/{auray.id}/observatoire?{query}")
        assert response.status_code == 400, query
        assert message in response.get_data(as_text=True), query
    answer = client.get(f"/communes/{auray.id}/observatoire.csv?du=nope", headers={"Accept": "application/json"})
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "du"
    assert client.get("/communes/999999/observatoire").status_code == 404


def test_the_monthly_csv_for_an_open_data_portal(app, auray, manager):
    build(auray, manager)
    response = app.test_client().get(f"/communes/{auray.id}/observatoire.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "observatoire-56007-2024-01-2026-10.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 34 and rows[0]["month"] == "2024-01"
    assert rows[-1] == {"town_insee": "56007", "perimeter_version": "1", "zone": "", "month": "2026-10", "units": "6",
                        "occupied": "1", "vacant": "5", "works": "0", "vacancy_rate": "0.8333", "openings": "0",
                        "closures": "0"}
    assert sum(int(r["openings"]) for r in rows) == 4 and sum(int(r["closures"]) for r in rows) == 6


def test_managers_see_the_vacant_units_long_term_first_and_nobody_else_does(app, auray, manager, make_user, vannes):
    units = build(auray, manager)
    client = signed_in(app, manager.email)
    page = client.get(f"/communes/{auray.id}/observatoire/unites?{PERIOD}").get_data(as_text=True)
    order = [page.index(f'href="/registre/unites/{units[name].id}"') for name in ("C", "B", "A", "B2", "D")]
    assert order == sorted(order)  # long-term (C, B) first, then the longest empty
    assert "Bourse" in page and "Relevé de terrain" in page  # D: the survey against the platform
    exported = client.get(f"/communes/{auray.id}/observatoire/vacants.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [r["name"] for r in rows] == ["C", "B", "A", "B2", "D"]
    assert rows[1]["days_vacant_last_24_months"] == "366" and rows[1]["long_term"] == "1"
    public = client.get(f"/communes/{auray.id}/observatoire?{PERIOD}").get_data(as_text=True)
    assert "observatoire/unites" in public  # the manager's link from the public page

    other = signed_in(app, make_user(Role.TOWN_MANAGER, email="vannes@example.com", towns=[vannes]).email)
    assert other.get(f"/communes/{auray.id}/observatoire/unites").status_code == 404
    assert other.get(f"/communes/{auray.id}/observatoire/vacants.csv").status_code == 404
    anonymous = app.test_client()  # unit-level figures do not exist for the public
    assert anonymous.get(f"/communes/{auray.id}/observatoire/unites").status_code == 404
    assert anonymous.get(f"/communes/{auray.id}/observatoire/vacants.csv").status_code == 404


def test_a_frozen_month_does_not_move_and_the_page_shows_late_data_beside_it(app, auray, manager):
    units = build(auray, manager)
    assert snapshots.freeze_last_month(today=date(2026, 10, 3)) == 1  # September 2026
    assert snapshots.freeze_last_month(today=date(2026, 10, 4)) == 0  # already frozen
    frozen = snapshots.frozen(auray.id, 2026 * 12 + 8)
    assert (frozen.figures["units"], frozen.figures["vacant"], frozen.perimeter_version) == (6, 5, 1)
    db.session.commit()
    client = app.test_client()
    page = client.get(f"/communes/{auray.id}/observatoire?du=2026-01&au=2026-09").get_data(as_text=True)
    assert "figés le" in page and "pas changé depuis" in page

    observe(units["E"], UnitState.VACANT, Source.SURVEY, on=date(2026, 9, 20))  # a late survey sheet
    db.session.commit()
    page = client.get(f"/communes/{auray.id}/observatoire?du=2026-01&au=2026-09").get_data(as_text=True)
    assert "les ont changés depuis" in page
    assert re.search(r"83,3\s%", page) and re.search(r"100,0\s%", page)  # frozen beside live
    assert snapshots.frozen(auray.id, 2026 * 12 + 8).figures["vacant"] == 5  # the frozen month stays


def test_the_public_figures_as_json(app, auray, manager, vannes):
    build(auray, manager)
    client = app.test_client()
    data = client.get(f"/api/v1/towns/{auray.id}/observatory?{PERIOD}").get_json()
    assert (data["figures"]["units"], data["figures"]["vacant"], data["perimeter"]["version"]) == (6, 5, 1)
    assert len(data["months"]) == 34 and data["months"][-1]["month"] == "2026-10"
    assert data["zones"][0]["name"] == "Rue du Lait" and data["disagreements"] == 1
    assert "1 rue du Lait" not in str(data)  # aggregates only
    zone = client.get(f"/api/v1/towns/{auray.id}/observatory?{PERIOD}&zone={data['zones'][0]['id']}").get_json()
    assert (zone["zone"]["name"], zone["figures"]["units"]) == ("Rue du Lait", 3)
    bad = client.get(f"/api/v1/towns/{auray.id}/observatory?du=2026-13")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "du"
    assert client.get(f"/api/v1/towns/{vannes.id}/observatory").get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/towns/99999999/observatory").status_code == 404
