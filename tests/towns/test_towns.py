"""Towns: reference seeding, the admin editor and its validation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.geo import point_coords
from bourse.towns import services
from bourse.towns.models import Town
from tests.conftest import csrf_token


def all_towns() -> dict[str, Town]:
    db.session.commit()  # end the read snapshot: see what requests committed
    return {t.insee_code: t for t in db.session.scalars(db.select(Town))}


def test_seed_loads_real_towns_with_auray_and_its_perimeter(app):
    services.seed_reference_towns()
    towns = all_towns()
    assert {"56007", "56260", "71076", "57672"} <= set(towns)
    auray = towns["56007"]
    assert (auray.name, auray.department_code, auray.department_name) == ("Auray", "56", "Morbihan")
    lon, lat = point_coords(auray.centre)
    assert lon == pytest.approx(-2.98, abs=0.01) and lat == pytest.approx(47.668, abs=0.01)
    assert auray.perimeter is not None
    inside = db.session.scalar(db.select(Town.perimeter.ST_Contains(Town.centre)).where(Town.insee_code == "56007"))
    assert inside in (True, 1)


def test_seed_is_idempotent(app):
    services.seed_reference_towns()
    services.seed_reference_towns()
    assert db.session.scalar(db.select(db.func.count(Town.id))) == len(all_towns()) >= 12


def test_towns_cli_seed(app):
    result = CliRunner().invoke(app.cli, ["towns", "seed"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Auray (56007) added" in result.output
    assert "56007" in all_towns()


@pytest.fixture
def admin_client(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    return client


def town_form(client, **fields):
    data = {"name": "Ploërmel", "insee_code": "56165", "department_code": "56",
            "department_name": "Morbihan", "lat": "47.9317", "lon": "-2.3975", "perimeter": "",
            "csrf_token": csrf_token(client, "/admin/communes/nouvelle")}
    data.update(fields)
    return client.post("/admin/communes/nouvelle", data=data)


def test_admin_creates_a_town_with_a_perimeter(admin_client):
    perimeter = {"type": "Polygon", "coordinates": [[[-2.41, 47.92], [-2.38, 47.92], [-2.38, 47.94],
                                                     [-2.41, 47.94], [-2.41, 47.92]]]}
    response = town_form(admin_client, perimeter=json.dumps(perimeter))
    assert response.status_code == 302
    town = all_towns()["56165"]
    assert town.name == "Ploërmel"
    assert point_coords(town.centre) == pytest.approx((-2.3975, 47.9317))
    assert town.perimeter is not None
    assert "Ploërmel" in admin_client.get("/admin/communes").get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"insee_code": "5616"}, "Le champ doit contenir exactement 5 caractères."),
    ({"insee_code": "ABCDE"}, "Un code INSEE compte cinq caractères"),
    ({"lat": "95"}, "Le nombre doit être compris entre -90 et 90."),
    ({"perimeter": "{not json"}, "Périmètre invalide : JSON invalide."),
    ({"perimeter": '{"type": "Point", "coordinates": [0, 0]}'}, "une géométrie Polygon ou MultiPolygon est attendue"),
    ({"perimeter": json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]})},
     "le polygone est vide ou se recoupe"),
    ({"perimeter": json.dumps({"type": "Polygon", "coordinates": [[[5, 45], [5.1, 45], [5.1, 45.1], [5, 45]]]})},
     "Le périmètre doit entourer le centre de la commune."),
])
def test_bad_town_input_gets_a_form_error_and_saves_nothing(admin_client, fields, message):
    response = town_form(admin_client, **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert all_towns() == {}


def test_duplicate_insee_code_is_a_form_error(admin_client):
    town_form(admin_client)
    response = town_form(admin_client, name="Autre")
    assert "Une commune avec ce code INSEE existe déjà." in response.get_data(as_text=True)
    assert len(all_towns()) == 1


def test_admin_edits_a_town(admin_client):
    services.seed_reference_towns()
    auray = all_towns()["56007"]
    page = admin_client.get(f"/admin/communes/{auray.id}").get_data(as_text=True)
    assert 'value="Auray"' in page and "Polygon" in page
    response = admin_client.post(f"/admin/communes/{auray.id}", data={
        "name": "Auray", "insee_code": "56007", "department_code": "56", "department_name": "Morbihan",
        "lat": "47.6680", "lon": "-2.9810", "perimeter": "",
        "csrf_token": csrf_token(admin_client, f"/admin/communes/{auray.id}"),
    })
    assert response.status_code == 302
    assert all_towns()["56007"].perimeter is None


def test_editing_a_missing_town_is_404(admin_client):
    assert admin_client.get("/admin/communes/999999").status_code == 404


def test_admin_deletes_an_unused_town(admin_client):
    town_form(admin_client)
    town = all_towns()["56165"]
    response = admin_client.post(f"/admin/communes/{town.id}/supprimer",
                                 data={"csrf_token": csrf_token(admin_client, f"/admin/communes/{town.id}")})
    assert response.status_code == 302
    assert all_towns() == {}


def test_a_town_with_premises_cannot_be_deleted(admin_client, make_user):
    from tests.builders import make_premises, make_town

    town = make_town()
    make_premises(make_user(Role.LANDLORD), town, -2.98, 47.668)
    db.session.commit()
    response = admin_client.post(f"/admin/communes/{town.id}/supprimer",
                                 data={"csrf_token": csrf_token(admin_client, f"/admin/communes/{town.id}")},
                                 follow_redirects=True)
    assert "Cette commune a des locaux ; elle ne peut pas être supprimée." in response.get_data(as_text=True)
    assert "56007" in all_towns()


@pytest.mark.parametrize("lat", ["nan", "sNaN", "inf", "-Infinity", "1e999", "quarante-sept"])
def test_non_numbers_in_coordinates_are_form_errors(admin_client, lat):
    response = town_form(admin_client, lat=lat)
    assert response.status_code == 200
    assert 'id="lat-errors"' in response.get_data(as_text=True)
    assert all_towns() == {}


def test_nul_characters_are_refused_before_reaching_the_database(admin_client):
    response = town_form(admin_client, name="Au\x00ray")
    assert response.status_code == 400
    assert all_towns() == {}
