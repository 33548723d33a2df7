"""Importing a survey campaign: rows matched to units by distance and address, new units made,
unseen units reported, and every bad input reported line by line with nothing half-written.
On both backends."""

from __future__ import annotations

import json
from datetime import date, timedelta

from flask_babel import force_locale

from bourse.extensions import db
from bourse.register import campaigns
from bourse.register.models import Observation, SurveyCampaign, Unit
from bourse.register.services import observe
from bourse.register.models import Source, UnitState

DAY = date(2026, 10, 15)
# Points of Auray's centre, a few dozen metres apart.
P1, P2, P3 = (47.66800, -2.98300), (47.66850, -2.98200), (47.66700, -2.98400)


def run(town, text: str | bytes, valid_only: bool = False, name: str = "Relevé d'automne"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    report = campaigns.import_survey(town, data, name, DAY, valid_only=valid_only)
    db.session.commit()
    return report


def counts() -> tuple[int, int, int]:
    return (db.session.scalar(db.select(db.func.count(Unit.id))),
            db.session.scalar(db.select(db.func.count(Observation.id))),
            db.session.scalar(db.select(db.func.count(SurveyCampaign.id))))


def test_a_semicolon_survey_with_french_decimals_makes_units_with_their_state(auray):
    report = run(auray, "adresse;latitude;longitude;état;secteur;enseigne\n"
                        f"12 rue du Lait;{P1[0]:.5f};{P1[1]:.5f};occupé;Alimentation;Boulangerie Le Fournil\n"
                        f"14 rue du Lait;{str(P2[0]).replace('.', ',')};{str(P2[1]).replace('.', ',')};vacant;;\n")
    assert report.imported, report.messages("Auray")
    assert (report.created, report.matched, report.observations) == (2, 0, 2)
    units = {u.address: u for u in db.session.scalars(db.select(Unit))}
    assert units["12 rue du Lait"].state == "occupied"
    assert (units["12 rue du Lait"].sector, units["12 rue du Lait"].obs_class) == ("food", "convenience")
    assert units["12 rue du Lait"].name == "Boulangerie Le Fournil"
    assert (units["14 rue du Lait"].state, units["14 rue du Lait"].state_since) == ("vacant", DAY)
    campaign = db.session.scalar(db.select(SurveyCampaign))
    assert (campaign.name, campaign.surveyed_on, campaign.report["created"]) == ("Relevé d'automne", DAY, 2)


def test_rows_find_their_units_by_distance_and_address_and_unseen_units_are_reported(auray):
    run(auray, f"address,lat,lon,state\n12 rue du Lait,{P1[0]},{P1[1]},vacant\n"
               f"3 place Notre-Dame,{P2[0]},{P2[1]},occupied\n5 rue Clemenceau,{P3[0]},{P3[1]},vacant\n")
    # Next spring: the first unit 2 m off, the second by its address alone, the third not seen.
    report = run(auray, f"address,lat,lon,state,sector,date\n\"12, Rue du Lait\",{P1[0] + 0.00002},{P1[1]},occupied,"
                        "restaurant,2026-10-20\n3 Place Notre Dame,,,vacant,,\n", name="Relevé de printemps")
    assert report.imported, report.messages("Auray")
    assert (report.created, report.matched, report.unseen) == (0, 2, 1)
    assert counts() == (3, 5, 2)  # nothing overwritten: both campaigns kept
    spring = db.session.scalar(db.select(SurveyCampaign).where(SurveyCampaign.name == "Relevé de printemps"))
    assert [u.address for u in db.session.scalars(campaigns.unseen(spring))] == ["5 rue Clemenceau"]
    lait = db.session.scalar(db.select(Unit).where(Unit.address == "12 rue du Lait"))
    assert (lait.state, lait.sector, lait.state_since) == ("occupied", "restaurant", date(2026, 10, 20))


def test_a_vacant_unit_seen_vacant_again_stays_vacant_since_the_first_time(auray):
    run(auray, f"lat,lon,state,date\n{P1[0]},{P1[1]},vacant,2025-03-01\n")
    run(auray, f"lat,lon,state,date\n{P1[0]},{P1[1]},vacant,2026-03-01\n")
    unit = db.session.scalar(db.select(Unit))
    assert (unit.state, unit.state_since) == ("vacant", date(2025, 3, 1))


def test_a_unit_listed_on_bourse_is_the_unit_a_survey_finds(make_listing):
    listing = make_listing(address="12 Rue du Lait 56400 Auray", lon=P1[1], lat=P1[0])
    # Seen after the listing was published (today): the survey's word is the latest.
    report = run(listing.town, f"address,lat,lon,state,naf,date\n12 rue du Lait,{P1[0]},{P1[1]},occupied,56.10A,"
                               f"{date.today().isoformat()}\n")
    assert (report.created, report.matched) == (0, 1)
    unit = db.session.scalar(db.select(Unit))
    assert (unit.state, unit.sector, unit.obs_class) == ("occupied", "restaurant", "leisure")
    assert db.session.scalar(db.select(Observation.naf_code).where(Observation.source == "survey")) == "56.10A"


def test_geojson_points_are_a_survey_too(auray):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [P1[1], P1[0]]},
         "properties": {"etat": "vacant", "adresse": "12 rue du Lait"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [P2[1], P2[0]]},
         "properties": {"etat": "occupé", "naf": "9602A", "nom": "Salon Coiff'"}}]}
    report = run(auray, json.dumps(collection))
    assert report.imported and report.created == 2
    assert db.session.scalar(db.select(Unit.sector).where(Unit.name == "Salon Coiff'")) == "health_beauty"


def test_an_address_only_row_is_placed_by_the_geocoder(auray, geocoder):
    report = run(auray, "address,state\n4 place de la République,vacant\n")
    assert report.imported and report.created == 1
    unit = db.session.scalar(db.select(Unit))
    assert abs(db.session.scalar(db.select(db.func.ST_X(Unit.location))) - (-2.982865)) < 1e-6
    assert unit.state == "vacant"


def test_latin1_files_are_read_and_said_to_be(auray):
    report = run(auray, f"adresse;lat;lon;état\nPlace de l'Église;{P1[0]};{P1[1]};fermé\n".encode("cp1252"))
    assert report.imported
    assert report.notices == ["latin1"]
    assert db.session.scalar(db.select(Unit.address)) == "Place de l'Église"


def bad(town, text, *expected_codes, valid_only=False):
    before = counts()
    report = run(town, text, valid_only=valid_only)
    assert [code for _line, code, _value in report.problems] == list(expected_codes), report.problems
    if not valid_only:
        assert not report.imported
        assert counts() == before, "a refused file left rows behind"
    return report


def test_every_bad_line_is_reported_and_nothing_is_written(auray):
    future = (date.today() + timedelta(days=3)).isoformat()
    report = bad(auray, "address,lat,lon,state,sector,naf,date\n"
                        f"ok,{P1[0]},{P1[1]},vacant,,,\n"                     # line 2: fine
                        f"a,{P2[1]},{P2[0]},vacant,,,\n"                      # 3: swapped
                        "b,6745003,247862,vacant,,,\n"                        # 4: Lambert in degree columns
                        "c,40.7,-74.0,vacant,,,\n"                            # 5: New York
                        "d,48.8566,2.3522,vacant,,,\n"                         # 6: Paris, not Auray
                        f"e,{P2[0]},{P2[1]},occupied,Astrologie,,\n"          # 7: unknown sector
                        f"f,{P2[0]},{P2[1]},occupied,,70.10Z,\n"              # 8: head office, not a shop
                        f"g,{P2[0]},{P2[1]},occupied,,99.99Q,\n"              # 9: not a NAF code
                        f"h,{P2[0]},{P2[1]},vacant,,,{future}\n"              # 10: future
                        f"i,{P2[0]},{P2[1]},vacant,,,le 3 mars\n"             # 11: not a date
                        f"j,{P2[0]},{P2[1]},peut-être,,,\n"                   # 12: unknown state
                        f"ok,{P1[0]},{P1[1]},vacant,,,\n"                     # 13: duplicate of 2
                        f"k,{P1[0] + 0.00001},{P1[1]},occupied,food,,\n"      # 14: same unit as 2
                        ",,,vacant,,,\n"                                       # 15: nowhere
                        f"l,abc,{P1[1]},vacant,,,\n",                          # 16: not numbers
                 "swapped", "lambert_as_degrees", "outside_france", "outside_town", "sector", "naf", "naf",
                 "future", "date", "state", "duplicate", "same_unit", "place_missing", "coordinates")
    assert [line for line, _code, _value in report.problems] == list(range(3, 17))
    with force_locale("en"):
        messages = report.messages("Auray")
    assert messages[0].startswith("Line 3: latitude and longitude look swapped")
    assert "Lambert-93" in messages[1] and "far from Auray" in messages[3]
    assert messages[11] == "Line 14: the same unit as line 2, seen twice in one campaign."


def test_valid_rows_only_imports_the_good_ones_and_reports_the_rest(auray):
    report = bad(auray, f"address,lat,lon,state\nok,{P1[0]},{P1[1]},vacant\nbad,{P2[1]},{P2[0]},vacant\n"
                        f"ok2,{P2[0]},{P2[1]},occupied\n", "swapped", valid_only=True)
    assert report.imported and report.created == 2 and report.problem_count == 1
    assert counts() == (2, 2, 1)


def test_lambert_columns_are_converted_and_degrees_in_them_refused(auray):
    report = run(auray, "x;y;etat\n251435,47;6746744,67;vacant\n")  # 4 place de la République, Lambert-93
    assert report.imported
    lon, lat = db.session.execute(db.select(db.func.ST_X(Unit.location), db.func.ST_Y(Unit.location))).one()
    assert abs(lon - -2.982865) < 1e-6 and abs(lat - 47.668074) < 1e-6
    bad(auray, f"x;y;etat\n{P1[1]};{P1[0]};vacant\n", "degrees_as_lambert")


def test_unreadable_files_say_why(auray):
    cases = {
        b"\x89PNG\r\n\x1a\n\x00\x00binary": "encoding",
        b"": "empty",
        b"{not json": "json",
        b'{"type": "Feature", "geometry": null}': "geojson",
        b"name,sector\nLe Fournil,food\n": None,  # sector alone is enough for the state, but no place
        b"address,lat,lon\n12 rue du Lait,47.668,-2.983\n": "header",
    }
    for data, code in cases.items():
        report = run(auray, data)
        assert not report.imported
        if code:
            assert report.file_problem == code, (data, report)
    with force_locale("en"):
        assert run(auray, b"address,lat,lon\nx,1,2\n").messages("Auray") == [
            "Columns are missing: state / sector / naf."]
    assert counts() == (0, 0, 0)


def test_polygons_where_points_are_expected_are_line_problems(auray):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[P1[1], P1[0]], [P2[1], P2[0]],
                                                                           [P3[1], P3[0]], [P1[1], P1[0]]]]},
         "properties": {"state": "vacant"}}]}
    report = bad(auray, json.dumps(collection), "not_point")
    with force_locale("en"):
        assert report.messages("Auray") == ["Feature 1: a Polygon where a point is expected."]


def test_a_unit_made_gone_is_not_reported_unseen(auray):
    run(auray, f"lat,lon,state\n{P1[0]},{P1[1]},vacant\n{P2[0]},{P2[1]},vacant\n")
    gone = db.session.scalar(db.select(Unit).order_by(Unit.id))
    observe(gone, UnitState.GONE, Source.SURVEY)
    db.session.commit()
    report = run(auray, f"lat,lon,state\n{P3[0]},{P3[1]},occupied\n")
    assert report.unseen == 1
