"""The survey on foot: a field campaign, two taps per unit, a unit added by tapping the map, a
second tap correcting the first. Through the pages, with and without JavaScript. Both backends."""

from __future__ import annotations

from html import unescape

import pytest

from bourse.extensions import db
from bourse.register import field
from bourse.register.models import Observation, SurveyCampaign, Unit
from tests.builders import occupied_unit
from tests.conftest import csrf_token
from tests.support.jobs import work_off  # noqa: F401 (nothing queued here; kept for symmetry)


@pytest.fixture
def manager_client(client, auth, manager):
    auth.login(manager.email)
    return client


@pytest.fixture
def walk(manager_client, auray):
    response = manager_client.post(f"/communes/{auray.id}/releves/terrain", data={
        "field-name": "Tour du centre", "field-csrf_token": csrf_token(manager_client, f"/communes/{auray.id}/releves")})
    assert response.status_code == 302
    campaign = db.session.scalar(db.select(SurveyCampaign))
    assert response.headers["Location"].endswith(f"/registre/releves/{campaign.id}/terrain")
    return campaign


def page_of(client, campaign, **args) -> str:
    return unescape(client.get(f"/registre/releves/{campaign.id}/terrain", query_string=args).get_data(as_text=True))


def test_the_phone_page_lists_the_units_around_with_their_last_state(manager_client, auray, walk):
    near = occupied_unit(auray, "food", -2.98290, 47.66810, name="Le Fournil")
    far = occupied_unit(auray, "crafts", -2.9500, 47.6800, name="Très loin")
    db.session.commit()
    page = page_of(manager_client, walk, lon=-2.98300, lat=47.66800)
    assert "Le Fournil" in page and "Très loin" not in page and "Occupée" in page
    assert f'id="unit-{near.id}"' in page and far.id != near.id
    assert "0 cellule enregistrée dans ce relevé." in page


def test_two_taps_record_a_unit_and_a_second_tap_corrects_it(manager_client, auray, walk):
    unit = occupied_unit(auray, "food", -2.98290, 47.66810)
    db.session.commit()
    url = f"/registre/releves/{walk.id}/terrain/observations"
    token = csrf_token(manager_client, f"/registre/releves/{walk.id}/terrain")
    # With JavaScript: the trade's button (the second tap) says "occupied" too.
    answer = manager_client.post(url, data={"unit_id": unit.id, "sector": "restaurant", "csrf_token": token},
                                 headers={"Accept": "application/json"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["seen"] == 1 and answer.get_json()["message"] == "Enregistré : Occupée."
    db.session.refresh(unit)
    assert (unit.state, unit.sector) == ("occupied", "restaurant")
    # Without JavaScript: a plain form, and the page comes back at the unit.
    back = manager_client.post(url, data={"unit_id": unit.id, "state": "vacant", "csrf_token": token})
    assert back.status_code == 302 and back.headers["Location"].endswith(f"#unit-{unit.id}")
    observations = db.session.scalars(db.select(Observation).where(Observation.campaign_id == walk.id)).all()
    assert [(o.state, o.sector) for o in observations] == [("vacant", None)]  # corrected, not added
    db.session.refresh(unit)
    assert unit.state == "vacant"


def test_a_unit_the_register_lacks_is_added_where_the_map_was_tapped(manager_client, auray, walk):
    url = f"/registre/releves/{walk.id}/terrain/unites"
    token = csrf_token(manager_client, f"/registre/releves/{walk.id}/terrain")
    response = manager_client.post(url, data={"lat": "47.66900", "lon": "-2.98100", "address": "7 rue du Lait",
                                              "name": "", "sector": "crafts", "csrf_token": token})
    assert response.status_code == 302
    unit = db.session.scalar(db.select(Unit))
    assert (unit.address, unit.state, unit.sector) == ("7 rue du Lait", "occupied", "crafts")
    # A tap 2 m from it is the same unit, not a second one.
    manager_client.post(url, data={"lat": "47.66901", "lon": "-2.98101", "state": "vacant", "csrf_token": token})
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 1
    db.session.refresh(unit)
    assert unit.state == "vacant"


def test_bad_taps_say_why_and_write_nothing(manager_client, auray, vannes, walk, make_user):
    from bourse.accounts.roles import Role

    unit = occupied_unit(auray, "food", -2.98290, 47.66810)
    elsewhere = occupied_unit(vannes, "food", -2.76, 47.658)
    db.session.commit()
    token = csrf_token(manager_client, f"/registre/releves/{walk.id}/terrain")
    obs_url, add_url = (f"/registre/releves/{walk.id}/terrain/observations", f"/registre/releves/{walk.id}/terrain/unites")
    json_headers = {"Accept": "application/json"}
    cases = [
        (obs_url, {"unit_id": unit.id, "state": "demolished"}, 422, "Indiquez ce qu’est la cellule"),
        (obs_url, {"unit_id": unit.id, "sector": "casino"}, 422, "Choisissez un secteur dans la liste"),
        (obs_url, {"unit_id": unit.id}, 422, "Indiquez ce qu’est la cellule"),
        (obs_url, {"unit_id": elsewhere.id, "state": "vacant"}, 404, None),
        (add_url, {"lat": "48.8566", "lon": "2.3522", "state": "vacant"}, 422, "n’est pas à Auray"),
        (add_url, {"state": "vacant"}, 422, "Touchez la carte"),
    ]
    for url, data, status, words in cases:
        answer = manager_client.post(url, data={**data, "csrf_token": token}, headers=json_headers)
        assert answer.status_code == status, (data, answer.get_data(as_text=True))
        if words:
            assert words in answer.get_json()["error"]["message"].replace("'", "’"), answer.get_json()
    assert db.session.scalar(db.select(db.func.count(Observation.id)).where(Observation.campaign_id == walk.id)) == 0
    other = make_user(Role.TOWN_MANAGER, towns=[vannes])
    with pytest.raises(Exception):
        field.record(other, walk.id, unit.id, "vacant")


def test_an_imported_campaign_has_no_phone_page(manager_client, auray):
    campaign = SurveyCampaign(town_id=auray.id, name="Import", surveyed_on=auray.created_at.date(), method="file")
    db.session.add(campaign)
    db.session.commit()
    assert manager_client.get(f"/registre/releves/{campaign.id}/terrain").status_code == 404
