"""The register's pages for a town's managers: every unit, its state and since when, a filter by
state, and a unit's history; nobody else's town. On both backends."""

from __future__ import annotations

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.register.models import UnitListing
from tests.accounts.test_sessions import signed_in


def test_a_manager_reads_the_register_and_a_units_history(app, manager, auray, make_listing):
    vacant = make_listing(title="À louer", address="12 Rue du Lait 56400 Auray")
    let = make_listing(title="Loué", status="let", address="3 Place Notre-Dame 56400 Auray", lon=-2.9860)
    client = signed_in(app, manager.email)
    page = client.get(f"/communes/{auray.id}/registre").get_data(as_text=True)
    assert "2 cellules" in page and "12 Rue du Lait 56400 Auray" in page and "Vacante" in page and "Occupée" in page
    occupied_only = client.get(f"/communes/{auray.id}/registre?etat=occupied").get_data(as_text=True)
    assert "1 cellule" in occupied_only and "3 Place Notre-Dame" in occupied_only and "12 Rue du Lait" not in occupied_only
    db.session.commit()
    unit_id = db.session.get(UnitListing, let.id).unit_id
    history = client.get(f"/registre/unites/{unit_id}").get_data(as_text=True)
    assert history.index("Occupée") < history.index("Vacante")  # newest first
    assert "louée, selon son propriétaire" in history and "annoncée sur Bourse" in history
    assert f'href="/locaux/{let.id}"' in history
    assert vacant.id != let.id


def test_another_towns_manager_sees_nothing(app, make_user, vannes, auray, make_listing):
    listing = make_listing()
    db.session.commit()
    unit_id = db.session.get(UnitListing, listing.id).unit_id
    client = signed_in(app, make_user(Role.TOWN_MANAGER, towns=[vannes]).email)
    assert client.get(f"/communes/{auray.id}/registre").status_code == 404
    assert client.get(f"/registre/unites/{unit_id}").status_code == 404


def record(client, unit_id: int, **data):
    from tests.conftest import csrf_token

    page = f"/registre/unites/{unit_id}"
    return client.post(f"{page}/observations", data={**data, "csrf_token": csrf_token(client, page)},
                       follow_redirects=True)


def test_a_manager_records_what_a_unit_is_now_in_two_taps(app, manager, make_listing):
    from bourse.register.models import Observation

    listing = make_listing()
    db.session.commit()
    unit_id = db.session.get(UnitListing, listing.id).unit_id
    client = signed_in(app, manager.email)
    page = record(client, unit_id, state="occupied", sector="food").get_data(as_text=True)
    assert "Observation enregistrée." in page
    assert page.index("Commerces alimentaires") < page.index("annoncée sur Bourse")  # newest first
    db.session.commit()
    latest = db.session.scalars(db.select(Observation).where(Observation.unit_id == unit_id)
                                .order_by(Observation.id.desc())).first()
    assert (latest.state, latest.sector, latest.obs_class, latest.source) == ("occupied", "food", "convenience",
                                                                               "survey")
    refused = record(client, unit_id, state="closed", sector="food").get_data(as_text=True)
    assert "Not a valid choice" in refused or "choix" in refused.lower()
    assert db.session.scalar(db.select(db.func.count(Observation.id)).where(Observation.unit_id == unit_id)) == 2


def test_another_towns_manager_cannot_record(app, make_user, vannes, make_listing):
    from bourse.register.models import Observation

    listing = make_listing()
    db.session.commit()
    unit_id = db.session.get(UnitListing, listing.id).unit_id
    client = signed_in(app, make_user(Role.TOWN_MANAGER, towns=[vannes]).email)
    from tests.conftest import csrf_token

    answer = client.post(f"/registre/unites/{unit_id}/observations",
                         data={"state": "vacant", "csrf_token": csrf_token(client, "/")})
    assert answer.status_code == 404
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 1


def test_the_register_filters_by_class_duration_and_zone_and_pages_through(app, manager, auray):
    import json
    from datetime import date, timedelta

    from bourse.register import perimeters
    from bourse.register.models import Source, Unit, UnitState
    from bourse.register.services import observe
    from bourse.geo import make_point

    def unit(name, lon, lat, state, sector=None, days_ago=0):
        made = Unit(town_id=auray.id, address=name, address_key=name.lower(), location=make_point(lon, lat))
        db.session.add(made)
        db.session.flush()
        observe(made, state, Source.SURVEY, on=date.today() - timedelta(days=days_ago), sector=sector)
        return made

    unit("1 rue du Lait", -2.9830, 47.6675, UnitState.VACANT, days_ago=500)          # in the street zone
    unit("2 rue du Lait", -2.9825, 47.6675, UnitState.VACANT, days_ago=30)
    unit("3 place Notre-Dame", -2.9790, 47.6700, UnitState.OCCUPIED, "food", days_ago=900)
    unit("9 route de Vannes", -3.0100, 47.6800, UnitState.OCCUPIED, "restaurant")     # outside the perimeter
    square = [[-2.987, 47.664], [-2.975, 47.664], [-2.975, 47.672], [-2.987, 47.672], [-2.987, 47.664]]
    street = [[-2.984, 47.667], [-2.9828, 47.667], [-2.9828, 47.668], [-2.984, 47.668], [-2.984, 47.667]]
    perimeters.validate(manager, auray.id, json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kind": "perimeter"}, "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {"kind": "zone", "name": "Rue du Lait"},
         "geometry": {"type": "Polygon", "coordinates": [street]}}]}))
    db.session.commit()
    zone_id = perimeters.current(auray.id).zones[0].id
    client = signed_in(app, manager.email)

    def listed(**args) -> list[str]:
        page = client.get(f"/communes/{auray.id}/registre", query_string=args).get_data(as_text=True)
        return [a for a in ("1 rue du Lait", "2 rue du Lait", "3 place Notre-Dame", "9 route de Vannes") if a in page]

    assert listed() == ["1 rue du Lait", "2 rue du Lait", "3 place Notre-Dame", "9 route de Vannes"]
    assert listed(classe="leisure") == ["9 route de Vannes"]
    assert listed(etat="vacant", duree="gt12") == ["1 rue du Lait"]
    assert listed(etat="vacant", duree="lt3") == ["2 rue du Lait"]
    assert listed(duree="gt24") == ["3 place Notre-Dame"]
    assert listed(zone=0) == ["1 rue du Lait", "2 rue du Lait", "3 place Notre-Dame"]
    assert listed(zone=zone_id) == ["1 rue du Lait"]
    assert listed(zone=999999, classe="nonsense") == listed()  # a choice that is not offered is ignored

    points = client.get(f"/communes/{auray.id}/registre/points",
                        query_string={"bbox": "-2.99,47.66,-2.97,47.675", "etat": "vacant"}).get_json()
    assert points["clustered"] is False and points["fields"] == ["id", "lon", "lat", "state", "label"]
    assert sorted((p[4], p[3]) for p in points["units"]) == [("1 rue du Lait", "vacant"), ("2 rue du Lait", "vacant")]
    bad = client.get(f"/communes/{auray.id}/registre/points", query_string={"bbox": "nonsense"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "bbox"


def test_a_long_register_comes_in_pages(app, manager, auray):
    from bourse.geo import make_point
    from bourse.register.models import Unit

    db.session.add_all(Unit(town_id=auray.id, address=f"{n:03d} rue Longue", address_key=f"{n:03d} rue longue",
                            location=make_point(-2.98 + n * 1e-5, 47.668)) for n in range(120))
    db.session.commit()
    client = signed_in(app, manager.email)
    first = client.get(f"/communes/{auray.id}/registre").get_data(as_text=True)
    assert "120 cellules" in first and "page 1 sur 3" in first and "000 rue Longue" in first
    assert "050 rue Longue" not in first and 'rel="next"' in first
    third = client.get(f"/communes/{auray.id}/registre?page=3").get_data(as_text=True)
    assert "119 rue Longue" in third and 'rel="next"' not in third


def test_a_dense_box_comes_as_grid_cells_with_their_vacant_units(app, manager, auray, monkeypatch):
    from bourse.geo import make_point
    from bourse.register import queries
    from bourse.register.models import Source, Unit, UnitState
    from bourse.register.services import observe

    for n in range(30):
        unit = Unit(town_id=auray.id, address=f"{n} rue Dense", address_key=f"{n} rue dense",
                    location=make_point(-2.9830 + (n % 3) * 0.004, 47.6680))
        db.session.add(unit)
        db.session.flush()
        observe(unit, UnitState.VACANT if n % 3 == 0 else UnitState.OCCUPIED, Source.SURVEY, sector="food")
    db.session.commit()
    monkeypatch.setattr(queries, "MAP_LIMIT", 20)
    client = signed_in(app, manager.email)
    answer = client.get(f"/communes/{auray.id}/registre/points", query_string={"bbox": "-2.99,47.66,-2.97,47.675"})
    body = answer.get_json()
    assert body["clustered"] is True and body["fields"] == ["lon", "lat", "units", "vacant"]
    assert sorted((cell[2], cell[3]) for cell in body["cells"]) == [(10, 0), (10, 0), (10, 10)]
    assert sum(cell[2] for cell in body["cells"]) == 30


def test_the_menu_leads_a_manager_to_their_register_and_an_administrator_to_a_choice(app, manager, auray,
                                                                                   make_user):
    client = signed_in(app, manager.email)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/registre">Registre</a>' in page
    answer = client.get("/registre")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/communes/{auray.id}/registre")
    admin = signed_in(app, make_user(Role.ADMIN).email)
    choice = admin.get("/registre").get_data(as_text=True)
    assert "Auray" in choice and "Vannes" in choice
