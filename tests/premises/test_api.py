"""The map API: GeoJSON for a box, capped and clustered when large, strict about bad input."""

from __future__ import annotations

import json

import pytest

from bourse.search import mapdata

AURAY_BOX = "-2.99,47.66,-2.97,47.675"


def test_collection_is_a_small_geojson_feature_collection(client, make_listing):
    premises = make_listing(title='<img src=x onerror=alert(1)>', rent_per_year=9600)
    make_listing(status="draft", title="Brouillon")
    response = client.get(f"/api/v1/premises?bbox={AURAY_BOX}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection" and body["clustered"] is False and body["total"] == 1
    [feature] = body["features"]
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"] == {"id": premises.id, "a": 48, "r": 9600}
    assert "<img" not in response.get_data(as_text=True)  # the popup fetches titles and shows them as text


def test_markers_carry_rounded_numbers_no_nulls_and_the_test_boutique_flag(client, make_listing, manager):
    from decimal import Decimal

    from tests.builders import make_call, make_programme, make_slot

    plain = make_listing(sales_area_m2=Decimal("52.46"), rent_per_year=None, deal_type="walls_for_sale", lon=-2.981234567, lat=47.667891234)
    boutique = make_listing(sales_area_m2=Decimal("48.3"), rent_per_year=Decimal("9600.50"), lon=-2.9826)
    make_slot(manager, make_call(manager, make_programme(manager, boutique)))
    body = client.get(f"/api/v1/premises?bbox={AURAY_BOX}").get_json()
    assert body["total"] == 2 and [f["properties"]["id"] for f in body["features"]] == [plain.id, boutique.id]
    first, second = body["features"]
    assert first == {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-2.98123, 47.66789]},
                     "properties": {"id": plain.id, "a": 52.5}}  # no rent: no "r", not a boutique: no "tb"
    assert second["properties"] == {"id": boutique.id, "a": 48.3, "r": 9600.5, "tb": 1}
    empty = client.get("/api/v1/premises?bbox=-1.01,45.01,-1.0,45.02").get_json()
    assert empty["total"] == 0 and empty["features"] == [] and empty["clustered"] is False


def test_payload_stays_under_150_bytes_per_point(client, make_listing):
    for n in range(30):
        make_listing(title=f"Local numéro {n} avec un titre plutôt long pour voir", lon=-2.9826 + n * 1e-4)
    body = client.get(f"/api/v1/premises?bbox={AURAY_BOX}").get_data()
    assert len(json.loads(body)["features"]) == 30
    assert len(body) / 30 <= 150


def test_large_areas_get_clusters_not_a_flood(client, make_listing, monkeypatch):
    for n in range(12):
        make_listing(lon=-2.9826 + (n % 4) * 2e-4, lat=47.6680 + (n // 4) * 2e-4)
    monkeypatch.setattr(mapdata, "MAX_POINTS", 5)
    body = client.get("/api/v1/premises?bbox=-5,41,10,51").get_json()
    assert body["clustered"] is True and body["total"] == 12
    assert sum(f["properties"]["count"] for f in body["features"]) == 12
    assert len(body["features"]) < 12


def test_filters_apply_to_the_map_too(client, make_listing):
    make_listing(title="Avec extraction", has_extraction=True)
    make_listing(title="Sans extraction", lon=-2.9820)
    body = client.get(f"/api/v1/premises?bbox={AURAY_BOX}&extraction=1").get_json()
    assert body["total"] == 1


def test_item_returns_one_public_feature(client, make_listing, landlord):
    premises = make_listing()
    body = client.get(f"/api/v1/premises/{premises.id}").get_json()
    assert body["id"] == premises.id and body["properties"]["title"] == premises.title
    assert body["properties"]["rent_per_m2_year"] == 200
    assert body["properties"]["url"] == f"/locaux/{premises.id}"
    assert landlord.email not in json.dumps(body) and "owner" not in body["properties"]


def test_unknown_item_is_json_404(client):
    response = client.get("/api/v1/premises/999999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("query", [
    "bbox=1,2,3", "bbox=a,b,c,d", "bbox=10,10,0,0", "bbox=-200,-100,200,100", "bbox=-181,0,0,1",
    "bbox=0,0,1,1&radius_km=0&lat=0.5&lon=0.5", "bbox=0,0,1,1&radius_km=10000&lat=0.5&lon=0.5",
    "bbox=0,0,1,1&lat=95&lon=0", "bbox=0,0,1,1&min_area=-1", "", "bbox=nan,0,1,1",
])
def test_bad_input_is_a_400_json_error(client, query):
    response = client.get(f"/api/v1/premises?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert response.get_json()["error"]["message"]
