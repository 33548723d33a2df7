"""Sirene as a source of the register: INSEE's file streamed, the towns asked for kept, Lambert-93
converted, NAF codes mapped, what is not a shop left out, closures as probable vacancies, every
bad row reported. On both backends; the files are built in the exact published layout."""

from __future__ import annotations

import gzip
import io
from datetime import date, timedelta

from flask_babel import force_locale

from bourse.extensions import db
from bourse.register import sirene
from bourse.register.models import Observation, Source, SurveyCampaign, Unit, UnitState
from bourse.register.services import observe
from tests.support.sirene import AURAY_LAMBERT, establishment, sirene_file

RECENT = (date.today() - timedelta(days=200)).isoformat()


def run(towns, data: bytes, valid_only: bool = False):
    reports = sirene.import_file(io.BufferedReader(io.BytesIO(data)), towns, size=len(data), valid_only=valid_only)
    db.session.commit()
    return reports


def units() -> dict[str, Unit]:
    return {u.name: u for u in db.session.scalars(db.select(Unit))}


def test_the_town_s_shops_are_kept_and_the_rest_left_out(auray):
    rows = [establishment(1, naf="10.71C", sign="LE FOURNIL"),                 # a bakery
            establishment(2, naf="56.10A", sign="CHEZ MARCEL"),                # a restaurant
            establishment(3, commune="56260", naf="10.71C"),                   # Vannes: not asked for
            establishment(4, naf="70.10Z", sign="SIEGE"),                      # a head office
            establishment(5, naf="64.20Z", sign="HOLDING"),                    # a holding company
            establishment(6, naf="43.22A", sign="PLOMBIER"),                   # works on site, not a shop
            establishment(7, naf="47.71Z", x="[ND]", y="[ND]", sign="SANS POINT"),  # not public / no point
            establishment(8, naf="47.71Z", state="F", since="2009-06-30", sign="FERME IL Y A LONGTEMPS"),
            establishment(9, naf="96.02A", state="F", since=RECENT, sign="EX COIFFEUR")]
    report = run([auray], sirene_file(rows))["56007"]
    assert report.imported, report.problems
    assert (report.rows, report.created, report.observations) == (9, 3, 3)
    assert report.skipped == 5  # head office, holding, plumber, no point, long closed (Vannes is not counted)
    found = units()
    assert set(found) == {"LE FOURNIL", "CHEZ MARCEL", "EX COIFFEUR"}
    bakery = found["LE FOURNIL"]
    assert (bakery.state, bakery.sector, bakery.obs_class, bakery.state_since) == (
        "occupied", "food", "convenience", date(2015, 4, 1))
    assert bakery.address == "2 rue du Lait"
    assert (found["EX COIFFEUR"].state, found["EX COIFFEUR"].state_since) == ("vacant", date.fromisoformat(RECENT))
    lon, lat = db.session.execute(db.select(db.func.ST_X(Unit.location), db.func.ST_Y(Unit.location))
                                  .where(Unit.id == bakery.id)).one()
    assert abs(lon - -2.982865) < 2e-4 and abs(lat - 47.668074) < 2e-4  # Lambert-93 → WGS 84
    observation = db.session.scalar(db.select(Observation).where(Observation.unit_id == bakery.id))
    assert (observation.source, observation.ref, observation.naf_code) == ("sirene", "80000000100012", "10.71C")
    campaign = db.session.scalar(db.select(SurveyCampaign))
    assert campaign.method == "sirene" and campaign.report["observations"] == 3


def test_the_geocoded_variant_reads_longitude_and_latitude(auray):
    rows = [establishment(1, naf="47.73Z", sign="PHARMACIE", lon=-2.98196, lat=47.66838, x="", y="")]
    rows[0]["coordonneeLambertAbscisseEtablissement"] = rows[0]["coordonneeLambertOrdonneeEtablissement"] = ""
    report = run([auray], sirene_file(rows, geocoded=True))["56007"]
    assert report.imported and report.created == 1
    pharmacy = units()["PHARMACIE"]
    assert (pharmacy.sector, pharmacy.obs_class) == ("health_beauty", "convenience")


def test_importing_the_same_file_twice_adds_nothing_and_known_sirets_find_their_unit(auray):
    data = sirene_file([establishment(1, naf="10.71C"), establishment(2, naf="56.30Z")])
    run([auray], data)
    again = run([auray], data)["56007"]
    assert (again.created, again.matched, again.observations) == (0, 2, 0)
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 2


def test_an_establishment_finds_the_surveyed_unit_a_few_metres_off(auray):
    unit = Unit(town_id=auray.id, address="", address_key="", name="relevé", location=db.func.ST_GeomFromText(
        "POINT(-2.98287 47.66808)", 4326))
    db.session.add(unit)
    db.session.flush()
    observe(unit, UnitState.VACANT, Source.SURVEY, on=date(2014, 1, 1))
    db.session.commit()
    report = run([auray], sirene_file([establishment(0, naf="47.76Z", sign="FLEURS")]))["56007"]
    assert (report.created, report.matched) == (0, 1)
    db.session.refresh(unit)
    assert (unit.state, unit.sector) == ("occupied", "home_culture")


def test_a_closed_shop_and_its_successor_share_the_unit(auray):
    rows = [establishment(1, naf="47.71Z", sign="NOUVELLE BOUTIQUE", created=RECENT),
            establishment(2, naf="47.71Z", state="F", since=(date.today() - timedelta(days=400)).isoformat(),
                          x=AURAY_LAMBERT[0] + 8, y=AURAY_LAMBERT[1], sign="ANCIENNE BOUTIQUE")]
    run([auray], sirene_file(rows))
    [unit] = db.session.scalars(db.select(Unit)).all()
    history = db.session.execute(db.select(Observation.state, Observation.note).where(Observation.unit_id == unit.id)
                                 .order_by(Observation.observed_on)).all()
    assert history == [("vacant", "sirene_closed"), ("occupied", "")]
    assert (unit.state, unit.state_since) == ("occupied", date.fromisoformat(RECENT))


def test_every_bad_row_is_reported_and_nothing_is_written(auray):
    future = (date.today() + timedelta(days=10)).isoformat()
    rows = [establishment(1),
            establishment(2, x=-2.98, y=47.66),                   # degrees in the Lambert columns
            establishment(3, x=651000, y=6862000),                # Paris, coded as Auray
            establishment(4, created="31/02/2020"),               # not a date
            establishment(5, created=future),                     # in the future
            establishment(1),                                     # the same SIRET again
            establishment(6, naf="COMMERCE")]                     # not a NAF code at all
    report = run([auray], sirene_file(rows))["56007"]
    assert not report.imported
    assert [(line, code) for line, code, _value in report.problems] == [
        (3, "lambert"), (4, "outside_town"), (5, "date"), (6, "future"), (7, "duplicate"), (8, "naf")]
    with force_locale("en"):
        assert report.messages("Auray")[0].startswith("Line 3: the Lambert-93 coordinates -2.98 47.66 are not in France")
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 0
    assert db.session.scalar(db.select(db.func.count(SurveyCampaign.id))) == 0
    partial = run([auray], sirene_file(rows), valid_only=True)["56007"]
    assert partial.imported and partial.created == 1 and partial.problem_count == 6


def test_coordinates_swapped_or_in_the_wrong_system_in_the_geocoded_variant(auray):
    swapped = establishment(1, lon=47.668, lat=-2.982)
    lambert_as_degrees = establishment(2, lon=AURAY_LAMBERT[0], lat=AURAY_LAMBERT[1])
    new_york = establishment(3, lon=-74.0, lat=40.7)
    report = run([auray], sirene_file([swapped, lambert_as_degrees, new_york], geocoded=True))["56007"]
    assert [code for _line, code, _value in report.problems] == ["swapped", "lambert_as_degrees", "outside_france"]


def test_semicolons_latin1_and_missing_columns(auray):
    # A spreadsheet's re-save: semicolons, Windows Latin-1, decimal commas.
    latin1 = sirene_file([establishment(1, sign="L'ÉPI D'OR", naf="10.71C", x="251435,47", y="6746744,67")],
                         separator=";", encoding="cp1252")
    report = run([auray], latin1)["56007"]
    assert report.imported and report.notices == ["latin1"]
    assert "L'ÉPI D'OR" in units()
    lon = db.session.scalar(db.select(db.func.ST_X(Unit.location)))
    assert abs(lon - -2.982865) < 1e-5
    broken = b"siret,activitePrincipaleEtablissement\n80000000100012,10.71C\n"
    refused = run([auray], broken)["56007"]
    assert refused.file_problem == "header" and "codeCommuneEtablissement" in refused.file_detail
    elsewhere = run([auray], sirene_file([establishment(1, commune="13055")]))["56007"]
    assert elsewhere.file_problem == "town"


def test_the_cli_streams_a_gzipped_departement_file_for_several_towns(app, auray, vannes, tmp_path):
    rows = [establishment(n, naf="47.71Z") for n in range(1, 40)] + \
        [establishment(n, commune="56260", naf="10.71C", x=268000 + n * 10, y=6744500) for n in range(40, 50)] + \
        [establishment(n, commune="29019", naf="10.71C") for n in range(50, 3000)]
    path = tmp_path / "StockEtablissement_56.csv.gz"
    path.write_bytes(gzip.compress(sirene_file(rows)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["register", "import-sirene", str(path), "--town", "56007",
                                                "--town", "56260"])
    assert result.exit_code == 0, result.output
    assert "Auray: 39 observations, 39 new units" in result.stdout
    assert "Vannes: 10 observations, 10 new units" in result.stdout
    assert db.session.scalar(db.select(db.func.count(Unit.id)).where(Unit.town_id == vannes.id)) == 10
    unknown = app.test_cli_runner().invoke(args=["register", "import-sirene", str(path), "--town", "99999"])
    assert unknown.exit_code == 1 and "unknown town" in unknown.output


def test_a_manager_imports_an_extract_through_the_page(client, auth, manager, auray):
    from html import unescape

    from tests.conftest import csrf_token
    from tests.support.jobs import work_off

    auth.login(manager.email)
    data = sirene_file([establishment(1, naf="10.71C", sign="LE FOURNIL"), establishment(2, naf="70.10Z")])
    response = client.post(f"/communes/{auray.id}/sirene", content_type="multipart/form-data", data={
        "sirene-file": (io.BytesIO(data), "StockEtablissement_utf8.csv"),
        "sirene-csrf_token": csrf_token(client, f"/communes/{auray.id}/releves")})
    assert response.status_code == 302, response.get_data(as_text=True)
    work_off()
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "1 observation enregistrée" in page and "1 ligne laissée de côté" in page
    assert units()["LE FOURNIL"].state == "occupied"
    campaigns_page = unescape(client.get(f"/communes/{auray.id}/releves").get_data(as_text=True))
    assert "StockEtablissement_utf8.csv (Sirene)" in campaigns_page
