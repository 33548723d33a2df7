"""Town managers' settings: missing trades, weights, and the CSV import of existing shops."""

from __future__ import annotations

import io

import pytest

from bourse.extensions import db
from bourse.towns.models import Town, TownShop
from tests.conftest import csrf_token


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


def shops() -> list[TownShop]:
    db.session.commit()
    return db.session.scalars(db.select(TownShop).order_by(TownShop.name)).all()


def upload(client, town, text: str, replace=False):
    data = {"file": (io.BytesIO(text.encode("utf-8")), "commerces.csv"),
            "csrf_token": csrf_token(client, f"/communes/{town.id}/reglages")}
    if replace:
        data["replace"] = "y"
    return client.post(f"/communes/{town.id}/commerces", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def test_import_shops_from_csv_with_semicolons_and_labels(manager_client, auray):
    csv_text = ("name;sector;lat;lon;address\n"
                "Boulangerie Le Fournil;food;47,6682;-2,9829;2 place de la République\n"
                "Café du Loch;Cafés et restaurants;47.6667;-2.9785;Quai Franklin\n")
    html = upload(manager_client, auray, csv_text).get_data(as_text=True)
    assert "2 commerces importés." in html
    assert [(s.name, s.sector) for s in shops()] == [("Boulangerie Le Fournil", "food"), ("Café du Loch", "restaurant")]


def test_a_bad_line_imports_nothing_and_says_which(manager_client, auray):
    csv_text = ("name,sector,lat,lon\n"
                "Bon,food,47.668,-2.982\n"
                "Sans secteur,casino,47.668,-2.982\n"
                "À Paris,food,48.8566,2.3522\n"
                ",food,47.668,-2.982\n"
                "Ailleurs,food,51.5,-0.12\n")
    html = upload(manager_client, auray, csv_text).get_data(as_text=True)
    assert "Rien n&#39;a été importé" in html
    for line in ("Ligne 3", "Ligne 4", "Ligne 5", "Ligne 6"):
        assert line in html
    assert shops() == []


def test_replace_swaps_the_list(manager_client, auray):
    upload(manager_client, auray, "name,sector,lat,lon\nA,food,47.668,-2.982\n")
    upload(manager_client, auray, "name,sector,lat,lon\nB,crafts,47.668,-2.982\n", replace=True)
    assert [s.name for s in shops()] == ["B"]


def test_not_a_csv_is_refused(manager_client, auray):
    html = upload(manager_client, auray, "\x89PNG garbage").get_data(as_text=True)
    assert "La première ligne doit nommer les colonnes" in html


def test_settings_save_missing_trades_and_weights(manager_client, auray):
    response = manager_client.post(f"/communes/{auray.id}/reglages", data={
        "missing_sectors": ["food", "crafts"], "weights-surface": "40", "weights-budget": "40",
        "weights-trade_mix": "20", "csrf_token": csrf_token(manager_client, f"/communes/{auray.id}/reglages")})
    assert response.status_code == 302
    db.session.commit()
    town = db.session.get(Town, auray.id)
    assert town.missing_sectors == ["food", "crafts"]
    assert town.match_weights == {"surface": 40, "budget": 40, "place": 0, "date": 0, "needs": 0, "trade_mix": 20}


def test_settings_of_another_town_are_404(manager_client, vannes):
    assert manager_client.get(f"/communes/{vannes.id}/reglages").status_code == 404


def test_landlords_cannot_reach_town_settings(client, auth, landlord, auray):
    auth.login(landlord.email)
    assert client.get(f"/communes/{auray.id}/reglages").status_code == 403
