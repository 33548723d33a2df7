"""The landlord's pages and the public listing page, through real HTTP requests."""

from __future__ import annotations

from html import unescape

import pytest

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises.models import Premises
from tests.conftest import csrf_token
from tests.fixtures import AURAY_POINT


def premises_rows() -> list[Premises]:
    db.session.commit()  # end the read snapshot: see what requests committed
    return db.session.scalars(db.select(Premises)).all()


@pytest.fixture
def landlord_client(client, auth, landlord, auray):
    auth.login(landlord.email)
    return client


def form_fields(client, town, **overrides) -> dict:
    data = {
        "title": "Ancienne mercerie", "description": "Belle vitrine.", "town": str(town.id),
        "address": "4 Place de la République", "lon": str(AURAY_POINT[0]), "lat": str(AURAY_POINT[1]),
        "sales_area_m2": "38", "deal_type": "to_let", "rent_per_year": "7800", "floor": "0",
        "lease_types": ["commercial_369"], "allowed_sectors": ["food", "crafts"], "step_free_access": "y",
        "csrf_token": csrf_token(client, "/locaux/nouveau"),
    }
    data.update(overrides)
    return data


def test_landlord_posts_a_draft_through_the_form(landlord_client, auray, landlord):
    response = landlord_client.post("/locaux/nouveau", data=form_fields(landlord_client, auray))
    assert response.status_code == 302
    [premises] = premises_rows()
    assert (premises.title, premises.status, premises.owner_id) == ("Ancienne mercerie", "draft", landlord.id)
    assert premises.allowed_sectors == ["food", "crafts"] and premises.step_free_access is True
    assert premises.lease_types == ["commercial_369"]


def test_direction_controls_are_stripped_from_titles(landlord_client, auray):
    """A right-to-left override makes "Mercerie\u202efdp.exe" read as "Mercerieexe.pdf": it is removed."""
    response = landlord_client.post("/locaux/nouveau", data=form_fields(
        landlord_client, auray, title="Mercerie \u202efdp.exe\u2066", address="4 Place\u202d de la République"))
    assert response.status_code == 302
    [premises] = premises_rows()
    assert (premises.title, premises.address) == ("Mercerie fdp.exe", "4 Place de la République")


@pytest.mark.parametrize("field, value, message", [
    ("sales_area_m2", "-5", "Saisissez une surface entre 1 et 100 000 m²."),
    ("sales_area_m2", "999999999", "Saisissez une surface entre 1 et 100 000 m²."),
    ("rent_per_year", "-100", "Saisissez un montant entre 0 et 100 000 000 €."),
    ("rent_per_year", "1e12", "Saisissez un montant entre 0 et 100 000 000 €."),
    ("lat", "95", "Le nombre doit être compris entre -90 et 90."),
    ("lat", "NaN", "Saisissez un nombre."),
    ("lon", "", "Donnez la latitude et la longitude, ou aucune des deux."),
    ("total_area_m2", "10", "La surface totale ne peut pas être inférieure à la surface de vente."),
    ("dpe_class", " ", "Choisissez une classe énergétique de A à G, ou « inconnue »."),  # was a 500
])
def test_bad_values_get_form_errors_and_save_nothing(landlord_client, auray, field, value, message):
    response = landlord_client.post("/locaux/nouveau", data=form_fields(landlord_client, auray, **{field: value}))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert premises_rows() == []


def test_address_alone_is_geocoded_through_the_ban(landlord_client, auray, geocoder):
    data = form_fields(landlord_client, auray, lon="", lat="", address="4 place de la République")
    assert landlord_client.post("/locaux/nouveau", data=data).status_code == 302
    [premises] = premises_rows()
    from bourse.geo import point_coords

    assert point_coords(premises.location) == pytest.approx((-2.982865, 47.668074))
    assert geocoder.queries[-1]["citycode"] == "56007"


@pytest.mark.parametrize("mode, address, message", [
    ("down", "4 place de la République", "Le service d'adresses ne répond pas : placez le marqueur sur la carte."),
    ("garbage", "4 place de la République", "Le service d'adresses ne répond pas"),
    ("ok", "12 impasse introuvable", "Adresse introuvable : vérifiez-la, ou placez le marqueur sur la carte."),
])
def test_geocoder_failures_are_explained_and_the_map_still_works(landlord_client, auray, geocoder,
                                                                 mode, address, message):
    geocoder.mode = mode
    data = form_fields(landlord_client, auray, lon="", lat="", address=address)
    html = unescape(landlord_client.post("/locaux/nouveau", data=data).get_data(as_text=True))
    assert message in html
    assert "data-location-picker" in html  # the map picker is still offered
    assert premises_rows() == []
    # the same form with a map point goes through even while the geocoder is down
    data = form_fields(landlord_client, auray, address=address)
    assert landlord_client.post("/locaux/nouveau", data=data).status_code == 302


def test_geocode_api_for_the_picker(client, geocoder, auray):
    response = client.get(f"/api/v1/geocode?q=11 rue du lait&town={auray.id}")
    assert response.status_code == 200
    [result] = response.get_json()["results"]
    assert result["label"] == "11 Rue du Lait 56400 Auray" and result["lat"] == pytest.approx(47.66838)
    assert client.get("/api/v1/geocode?q=ab").status_code == 400
    geocoder.mode = "down"
    assert client.get("/api/v1/geocode?q=11 rue du lait").status_code == 503


def test_a_draft_is_404_to_the_public_and_to_other_landlords(client, auth, make_listing, make_user):
    draft = make_listing(status="draft")
    assert client.get(f"/locaux/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/premises/{draft.id}").status_code == 404
    other = make_user(Role.LANDLORD)
    auth.login(other.email)
    for path in (f"/locaux/{draft.id}", f"/locaux/{draft.id}/modifier"):
        assert client.get(path).status_code == 404, path
    response = client.post(f"/locaux/{draft.id}/statut",
                           data={"verb": "publish", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    db.session.commit()  # end the read snapshot: see what requests committed
    assert db.session.get(Premises, draft.id).status == "draft"


def test_owner_publishes_through_the_page(landlord_client, make_listing):
    premises = make_listing(status="draft")
    response = landlord_client.post(f"/locaux/{premises.id}/statut", data={
        "verb": "publish", "csrf_token": csrf_token(landlord_client, f"/locaux/{premises.id}/modifier")})
    assert response.status_code == 302
    db.session.commit()  # end the read snapshot: see what requests committed
    assert db.session.get(Premises, premises.id).status == "published"


def test_public_page_shows_everything_but_the_owner(client, make_listing, landlord):
    premises = make_listing(description="Vitrine de 6 m.\nRéserve au fond.", frontage_m=6)
    html = client.get(f"/locaux/{premises.id}").get_data(as_text=True)
    assert premises.title in html and "48\u00a0m²" in html and "9\u202f600\u00a0€" in html
    assert "200\u00a0€" in html  # rent per m² per year, derived
    assert landlord.email not in html and landlord.full_name not in html


def test_script_in_a_title_is_shown_as_text(client, make_listing):
    premises = make_listing(title='<script>alert("x")</script> Boutique')
    html = client.get(f"/locaux/{premises.id}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(" in html
    search_html = client.get("/recherche").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in search_html


def test_similar_premises_nearby_are_the_nearest_published(client, make_listing):
    here = make_listing(title="Ici")
    near = make_listing(title="Tout près", lon=-2.9820, lat=47.6683)
    make_listing(title="Brouillon voisin", status="draft", lon=-2.9821, lat=47.6682)
    far = make_listing(title="Plus loin", lon=-2.9780, lat=47.6665)
    html = client.get(f"/locaux/{here.id}").get_data(as_text=True)
    similar = html.split("Locaux similaires à proximité")[1]
    assert similar.index(near.title) < similar.index(far.title)
    assert "Brouillon voisin" not in similar


def test_mine_lists_only_my_listings(landlord_client, make_listing, make_user):
    mine = make_listing(title="Le mien")
    make_listing(owner=make_user(Role.LANDLORD), title="Celui d'un autre")
    html = landlord_client.get("/locaux/mes-locaux").get_data(as_text=True)
    assert mine.title in html and "Celui d&#39;un autre" not in html
