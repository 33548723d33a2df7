"""Importing premises from a file: the export's own columns come back as the same listings in another
account (round trip, CSV and GeoJSON); a file holding every bad case is refused whole with each line
and its reason, or its valid lines only when asked; drafts unless published at once; the upload is
refused before it is read when too large. On both backends, through the pages and a real job."""

from __future__ import annotations

import gc
import io
import json
import warnings
from decimal import Decimal

import pytest

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.premises.models import Premises
from tests.conftest import csrf_token
from tests.support.jobs import work_off

HEADER = "title,address,insee_code,lon,lat,sales_area_m2,deal_type,rent_per_year,lease_types,allowed_sectors\n"
GOOD = "Boutique du port,2 quai Franklin,56007,-2.9800,47.6660,45,to_let,9600,commercial_369,food|crafts\n"


def send(client, body: bytes, filename: str = "locaux.csv", **options):
    data = {"file": (io.BytesIO(body), filename), "csrf_token": csrf_token(client, "/locaux/importer"),
            **{k: "y" if v is True else v for k, v in options.items() if v}}
    answer = client.post("/locaux/importer", data=data, content_type="multipart/form-data")
    if answer.status_code != 302:
        return answer
    work_off()
    return client.get(answer.headers["Location"])


def listings(owner) -> list[Premises]:
    db.session.commit()
    return list(db.session.scalars(db.select(Premises).where(Premises.owner_id == owner.id).order_by(Premises.id)))


@pytest.mark.parametrize("export", ["/donnees/locaux.csv", "/donnees/locaux.geojson"])
def test_an_export_imported_into_another_account_gives_the_same_listings(app, client, auth, make_listing, make_user,
                                                                        export):
    made = [make_listing(title=f"Local {n}", address=f"{n + 1} rue du Lait", lon=-2.9826 + n * 0.0004,
                         sales_area_m2=Decimal(30 + n * 10), rent_per_year=Decimal(9000 + n * 500),
                         lease_types=["commercial_369"] if n else [], allowed_sectors=["food"] if n == 2 else [],
                         has_extraction=n == 1) for n in range(3)]
    answer = client.get(export)
    exported = answer.get_data()
    answer.close()  # the streamed export's request ends here
    other = make_user(Role.LANDLORD, email="autre@example.com")
    auth.login(other.email)
    page = send(client, exported, filename=export.rsplit("/", 1)[1])
    assert "3 annonces créées" in page.get_data(as_text=True)
    copies = listings(other)
    assert [p.status for p in copies] == ["draft"] * 3
    for original, copy in zip(made, copies):
        for name in ("title", "address", "town_id", "sales_area_m2", "rent_per_year", "deal_type", "lease_types",
                     "allowed_sectors", "excluded_sectors", "has_extraction", "step_free_access"):
            assert getattr(copy, name) == getattr(original, name), name
        assert copy.reference != original.reference
    published = send(client, exported, filename=export.rsplit("/", 1)[1], publish=True)
    assert "3 publiées" in published.get_data(as_text=True)
    assert sorted(p.status for p in listings(other)) == ["draft"] * 3 + ["published"] * 3


BAD = (HEADER + GOOD
       + ",3 quai Franklin,56007,-2.98,47.666,40,to_let,9000,,\n"  # line 3: no title
       + "Virgules,4 quai Franklin,56007,\"-2,9801\",\"47,6661\",40,to_let,9000,,\n"  # line 4: decimal commas, valid
       + "Inversé,5 quai Franklin,56007,47.666,-2.98,40,to_let,9000,,\n"  # line 5: swapped
       + "Ailleurs,1 rue de Londres,56007,-0.12,51.5,40,to_let,9000,,\n"  # line 6: outside France
       + "Trop loin,1 rue de Brest,56007,-4.48,48.39,40,to_let,9000,,\n"  # line 7: outside the town
       + GOOD  # line 8: the same as line 2
       + "Surface,6 quai Franklin,56007,-2.98,47.666,beaucoup,to_let,9000,,\n"  # line 9: not a number
       + "Secteur,7 quai Franklin,56007,-2.98,47.666,40,to_let,9000,,casino\n"  # line 10: unknown sector
       + "Sans loyer,8 quai Franklin,56007,-2.98,47.666,40,to_let,,,\n"  # line 11: to let, no rent
       + "Commune,9 quai Franklin,99999,-2.98,47.666,40,to_let,9000,,\n")  # line 12: unknown town


def test_every_bad_line_is_reported_and_nothing_is_written_unless_valid_lines_only(client, auth, landlord, auray):
    auth.login(landlord.email)
    page = send(client, BAD.encode()).get_data(as_text=True)
    assert "Rien n'a été importé" in page and listings(landlord) == []
    for line in (3, 5, 6, 7, 8, 9, 10, 11, 12):
        assert f"Ligne {line} :" in page, line
    for line in (2, 4):
        assert f"Ligne {line} :" not in page, line
    assert "la même que la ligne 2" in page
    page = send(client, BAD.encode(), valid_only=True).get_data(as_text=True)
    assert "2 annonces créées" in page and "9 lignes ignorées" in page
    assert [p.title for p in listings(landlord)] == ["Boutique du port", "Virgules"]
    assert float(listings(landlord)[1].sales_area_m2) == 40


def test_spreadsheet_files_geojson_mistakes_and_size(app, client, auth, landlord, auray):
    auth.login(landlord.email)
    latin = (HEADER.replace(",", ";") + "Crêperie;2 quai Franklin;56007;-2,98;47,666;45,5;to_let;9600;;\n")
    page = send(client, latin.encode("cp1252")).get_data(as_text=True)
    assert "1 annonce créée" in page and "Latin-1" in page
    assert listings(landlord)[0].title == "Crêperie" and float(listings(landlord)[0].sales_area_m2) == 45.5
    page = send(client, b"title,address\nA,B\n").get_data(as_text=True)
    assert "Il manque des colonnes" in page and "sales_area_m2" in page
    page = send(client, b'{"type": "FeatureCollection", "features": [', filename="x.geojson").get_data(as_text=True)
    assert "pas du JSON valide" in page
    polygon = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "title": "Zone", "address": "Quai", "sales_area_m2": 40, "rent_per_year": 9000},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    page = send(client, json.dumps(polygon).encode(), filename="x.geojson").get_data(as_text=True)
    assert "Ligne 1 :" in page and "Polygon" in page
    with warnings.catch_warnings():  # the test client spools this body to a temporary file it never closes
        warnings.simplefilter("ignore", ResourceWarning)
        big = send(client, b"title,address\n" + b"x" * app.config["MAX_CONTENT_LENGTH"])
        over = send(client, b"title,address\n" + b"x" * app.config["UPLOAD_LIMITS"]["table"])
        answers = [(big.status_code, ""), (over.status_code, over.get_data(as_text=True))]
        big.close()
        over.close()
        del big, over
        gc.collect()
    assert answers[0][0] == 413  # refused before the body is read
    assert answers[1][0] == 422 and "fichier" in answers[1][1]
    assert len(listings(landlord)) == 1


def test_a_manager_imports_for_a_landlord_in_their_town_and_a_landlord_only_for_themselves(
        client, auth, manager, landlord, make_user):
    auth.login(manager.email)
    page = send(client, (HEADER + GOOD).encode(), owner_email=landlord.email).get_data(as_text=True)
    assert "1 annonce créée" in page and [p.title for p in listings(landlord)] == ["Boutique du port"]
    other = make_user(Role.LANDLORD, email="autre@example.com")
    auth.logout()
    auth.login(other.email)
    refused = send(client, (HEADER + GOOD).encode(), owner_email=landlord.email)
    assert refused.status_code == 422 and len(listings(landlord)) == 1


def test_an_import_is_seen_by_whoever_sent_it_only(client, auth, landlord, auray, make_user):
    from bourse.jobs.models import Job

    auth.login(landlord.email)
    send(client, (HEADER + GOOD).encode())
    job = db.session.scalar(db.select(Job).where(Job.name == "premises.import"))
    assert client.get(f"/locaux/importer/{job.id}").status_code == 200
    auth.logout()
    auth.login(make_user(Role.LANDLORD, email="autre@example.com").email)
    assert client.get(f"/locaux/importer/{job.id}").status_code == 404
    assert client.get(f"/locaux/importer/{job.id}/etat").status_code == 404
