"""The published premises as open data: GeoJSON and CSV that GDAL reads as a GIS would (feature
count, point geometry, field types), filtered like the search page, with the licence, streamed,
and never a draft or an owner's contact. On both backends."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal

import pytest

OGRINFO = "/usr/bin/ogrinfo"


def ogrinfo(path, *options) -> str:
    return subprocess.run([OGRINFO, "-ro", "-al", "-so", *options, str(path)], check=True, capture_output=True,
                          text=True, timeout=60).stdout


@pytest.fixture
def listings(make_listing, landlord):
    made = [make_listing(title=f"Local {n}", address=f"{n + 1} rue du Lait 56400 Auray", lon=-2.9826 + n * 0.0004,
                         sales_area_m2=Decimal(30 + n * 10), rent_per_year=Decimal(9000 + n * 500),
                         lease_types=["commercial_369", "short_term"] if n % 2 else [])
            for n in range(5)]
    make_listing(title="Brouillon", status="draft", lon=-2.9800)
    make_listing(title="Loué", status="let", lon=-2.9805)
    return made


def test_gdal_reads_the_geojson_with_its_points_and_typed_fields(client, listings, tmp_path, landlord):
    response = client.get("/donnees/locaux.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert "rel=\"license\"" in response.headers["Link"]
    body = response.get_data(as_text=True)
    data = json.loads(body)
    assert data["licence"].startswith("Licence Ouverte") and len(data["features"]) == 5
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [-2.9826, 47.668]}
    assert first["properties"]["url"] == f"http://localhost/locaux/{listings[0].id}"
    assert first["properties"]["rent_per_year"] == 9000 and data["features"][1]["properties"]["rent_per_year"] == 9500
    assert landlord.email not in body and "Brouillon" not in body and "Loué" not in body
    path = tmp_path / "locaux.geojson"
    path.write_text(body, encoding="utf-8")
    info = ogrinfo(path)
    assert "Feature Count: 5" in info and "Geometry: Point" in info
    assert "Extent: (-2.982600, 47.668000) - (-2.981000, 47.668000)" in info
    for field, kind in (("id", "Integer"), ("title", "String"), ("sales_area_m2", "Integer|Real"),
                        ("rent_per_year", "Integer|Real"), ("has_extraction", r"Integer\(Boolean\)"),
                        ("lease_types", "StringList"), ("available_from", "String|Date"),
                        ("updated_at", "DateTime")):
        assert re.search(rf"^{field}: ({kind})", info, re.M), (field, info)


def test_gdal_reads_the_csv_and_spreadsheets_get_their_own(client, listings, tmp_path):
    body = client.get("/donnees/locaux.csv").get_data()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) == 5 and rows[1]["sales_area_m2"] == "40" and rows[1]["lease_types"] == "commercial_369|short_term"
    path = tmp_path / "locaux.csv"
    path.write_bytes(body)
    info = ogrinfo(path, "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES")
    assert "Feature Count: 5" in info and "Geometry: Point" in info
    assert "Extent: (-2.982600, 47.668000) - (-2.981000, 47.668000)" in info  # every point read, west of Greenwich
    assert re.search(r"^sales_area_m2: (Integer|Real)", info, re.M) and re.search(r"^id: Integer", info, re.M)

    spreadsheet = client.get("/donnees/locaux-tableur.csv")
    assert "windows-1252" in spreadsheet.headers["Content-Type"]
    text = spreadsheet.get_data().decode("cp1252")
    header, first, *_ = text.split("\r\n")
    assert header.startswith("id;reference;title;url;") and ";-2,9826;47,668;" in first


def test_the_exports_take_the_search_filters_and_refuse_a_bad_one(client, listings):
    data = client.get("/donnees/locaux.geojson?min_area=50").get_json()
    assert [f["properties"]["sales_area_m2"] for f in data["features"]] == [50, 60, 70]
    assert client.get("/donnees/locaux.csv?town=56260").get_data(as_text=True).count("\n") == 1  # Vannes: header
    refused = client.get("/donnees/locaux.geojson?min_area=abc", headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"
    page = client.get("/donnees?town=56007").get_data(as_text=True)
    assert "/donnees/locaux.geojson?town=56007" in page and "Licence Ouverte" in page
