"""The perimeter a town validates: versions kept with who and when, zones inside it, every bad
drawing refused with its reason and nothing written. On both backends."""

from __future__ import annotations

import io
import json
from html import unescape

import pytest
from flask_babel import force_locale

from bourse.extensions import db
from bourse.geo.types import to_geometry
from bourse.register import perimeters
from bourse.register.models import Perimeter, Zone
from bourse.register.services import RegisterError
from bourse.towns.models import Town
from tests.conftest import csrf_token

# Around Auray's centre (-2.981, 47.668): a square of about 900 × 900 m, and a street inside it.
SQUARE = [[-2.987, 47.664], [-2.975, 47.664], [-2.975, 47.672], [-2.987, 47.672], [-2.987, 47.664]]
STREET = [[-2.984, 47.667], [-2.980, 47.667], [-2.980, 47.668], [-2.984, 47.668], [-2.984, 47.667]]


def feature(ring, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def drawing(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def refused(manager, town, text) -> str:
    with pytest.raises(RegisterError) as error, force_locale("en"):
        perimeters.validate(manager, town.id, text)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Perimeter.id))) == 0
    with force_locale("en"):
        return str(error.value)


def test_each_validation_is_a_version_with_its_zones(manager, auray):
    first = perimeters.validate(manager, auray.id, drawing(feature(SQUARE, kind="perimeter")))
    second = perimeters.validate(manager, auray.id, drawing(
        feature(SQUARE, kind="perimeter"), feature(STREET, kind="zone", name="Rue du Lait")), source="file")
    db.session.commit()
    assert [(p.version, p.source, p.validated_by) for p in perimeters.versions(auray.id)] == [
        (2, "file", manager.id), (1, "drawn", manager.id)]
    assert [z.name for z in second.zones] == ["Rue du Lait"] and first.zones == []
    town = db.session.get(Town, auray.id)
    assert to_geometry(town.perimeter).equals(to_geometry(second.area))  # the one in force
    assert abs(to_geometry(second.area).area - 0.012 * 0.008) < 1e-9


def test_a_plain_polygon_from_a_gis_is_the_perimeter_and_named_features_are_zones(manager, auray):
    perimeters.validate(manager, auray.id, json.dumps({"type": "Polygon", "coordinates": [SQUARE]}))
    version = perimeters.validate(manager, auray.id, drawing(feature(SQUARE), feature(STREET, nom="Rue du Lait")))
    assert [z.name for z in version.zones] == ["Rue du Lait"]


def test_bad_drawings_are_refused_with_their_reason(manager, auray):
    bow_tie = [[-2.987, 47.664], [-2.975, 47.672], [-2.975, 47.664], [-2.987, 47.672], [-2.987, 47.664]]
    paris = [[2.33, 48.85], [2.36, 48.85], [2.36, 48.87], [2.33, 48.87], [2.33, 48.85]]
    swapped = [[lat, lon] for lon, lat in SQUARE]
    huge = [[-4.0, 47.0], [-2.0, 47.0], [-2.0, 48.5], [-4.0, 48.5], [-4.0, 47.0]]
    cases = {
        "{not json": "not valid GeoJSON",
        json.dumps({"type": "Point", "coordinates": [-2.98, 47.66]}): "Shape 1 is a Point",
        drawing(feature(bow_tie)): "Shape 1 is not a valid polygon (Self-intersection",
        drawing(feature([[-2.98, 47.66], [-2.98, 47.66], [-2.98, 47.66], [-2.98, 47.66]])): "Shape 1 is empty",
        drawing(feature(paris)): "km from the town's centre",
        drawing(feature(swapped)): "Shape 1 is not in France",
        drawing(feature(huge)): "a town centre is much smaller",
        drawing(feature(STREET, kind="zone", name="Rue du Lait")): "Draw the perimeter itself",
        drawing(feature(SQUARE, kind="perimeter"), feature(paris, kind="zone", name="Paris")): "“Paris” reaches outside",
        drawing(feature(SQUARE, kind="perimeter"), feature(STREET, kind="zone")): "Every zone needs a name",
        drawing(feature(SQUARE, kind="perimeter"), feature(STREET, kind="zone", name="A"),
                feature(STREET, kind="zone", name="a")): "Two zones are called “a”",
        "": "not valid GeoJSON",
    }
    for text, reason in cases.items():
        assert reason in refused(manager, auray, text), text
    assert db.session.scalar(db.select(db.func.count(Zone.id))) == 0


def test_another_town_s_manager_cannot_validate(make_user, auray, vannes):
    from bourse.accounts.roles import Role
    from bourse.domain import NotFound

    other = make_user(Role.TOWN_MANAGER, towns=[vannes])
    with pytest.raises(NotFound):
        perimeters.validate(other, auray.id, drawing(feature(SQUARE)))


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


def test_the_page_validates_a_drawing_and_offers_each_version_as_geojson(manager_client, auray):
    url = f"/communes/{auray.id}/perimetre"
    response = manager_client.post(url, data={"drawing": drawing(feature(SQUARE, kind="perimeter")),
                                              "csrf_token": csrf_token(manager_client, url)})
    assert response.status_code == 302
    page = unescape(manager_client.get(url).get_data(as_text=True))
    assert "Version 1 du périmètre validée." in page and "En vigueur : version 1" in page
    assert "par Test User" in page
    assert "vendor/leaflet-geoman/leaflet-geoman.js" in page and "js/perimeter-editor.js" in page
    version = db.session.scalar(db.select(Perimeter))
    download = manager_client.get(f"/registre/perimetres/{version.id}.geojson")
    assert download.mimetype == "application/geo+json"
    assert download.get_json()["features"][0]["properties"] == {"kind": "perimeter"}


def test_the_page_imports_a_geojson_file_and_says_what_is_wrong(manager_client, auray):
    url = f"/communes/{auray.id}/perimetre"
    bad = manager_client.post(url, content_type="multipart/form-data", data={
        "file": (io.BytesIO(b'{"type": "Point", "coordinates": [-2.98, 47.66]}'), "perimetre.geojson"),
        "csrf_token": csrf_token(manager_client, url)})
    assert bad.status_code == 422
    assert "L’objet 1 est un Point" in unescape(bad.get_data(as_text=True)).replace("'", "’")
    good = manager_client.post(url, content_type="multipart/form-data", data={
        "file": (io.BytesIO(drawing(feature(SQUARE), feature(STREET, name="Rue du Lait")).encode()), "p.geojson"),
        "csrf_token": csrf_token(manager_client, url)})
    assert good.status_code == 302
    version = db.session.scalar(db.select(Perimeter))
    assert version.source == "file" and [z.name for z in version.zones] == ["Rue du Lait"]


def test_other_towns_perimeters_are_404(manager_client, make_user, auray, vannes):
    from bourse.accounts.roles import Role

    other = make_user(Role.TOWN_MANAGER, towns=[vannes])
    version = perimeters.validate(other, vannes.id, drawing(feature(
        [[-2.766, 47.654], [-2.754, 47.654], [-2.754, 47.662], [-2.766, 47.662], [-2.766, 47.654]])))
    db.session.commit()
    assert manager_client.get(f"/communes/{vannes.id}/perimetre").status_code == 404
    assert manager_client.get(f"/registre/perimetres/{version.id}.geojson").status_code == 404
