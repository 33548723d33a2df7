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
