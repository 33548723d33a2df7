"""The dedicated steps cannot be reached by the generic routes, on both databases.

Signing a lease has effects (the signature date, the unit let, its vacancy clock stopped) that
only ``leases.sign`` brings. The generic move route and the API's transitions must refuse it
and change nothing, even when a lease is recorded and the button is forged.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bourse.applications import leases, services
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.premises import services as premises_services
from bourse.premises.models import Premises, PremisesStatusChange
from tests.conftest import csrf_token

START = date(2027, 1, 1)


@pytest.fixture
def selected_with_lease(entrepreneur, make_project, make_listing, landlord):
    unit = make_listing(title="Boutique")
    application = services.apply(entrepreneur, make_project(), unit, None, "", submit=True)
    services.transition(landlord, application, "select")
    leases.record_lease(landlord, application, lease_type="commercial_369", starts_on=START,
                        ends_on=START + timedelta(days=3 * 365), steps=[])
    db.session.commit()
    return application


def unchanged(application_id: int) -> None:
    db.session.commit()  # end the read snapshot: see what the requests committed
    application = db.session.get(Application, application_id)
    assert application.state == "selected"
    assert application.lease.signed_on is None
    assert application.premises.status == "published"
    assert db.session.scalar(db.select(db.func.count(PremisesStatusChange.id)).where(
        PremisesStatusChange.premises_id == application.premises_id, PremisesStatusChange.to_status == "let")) == 0


def test_the_generic_move_route_cannot_sign_a_lease(client, auth, landlord, selected_with_lease):
    auth.login(landlord.email)
    page = f"/candidatures/{selected_with_lease.id}"
    response = client.post(f"{page}/sign_lease", data={"csrf_token": csrf_token(client, page)},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Cette étape a son propre formulaire" in response.get_data(as_text=True)
    unchanged(selected_with_lease.id)


def test_the_api_cannot_sign_a_lease(client, auth, landlord, selected_with_lease):
    auth.login(landlord.email)
    response = client.post(f"/api/v1/applications/{selected_with_lease.id}/transitions",
                           json={"verb": "sign_lease"}, headers={"X-CSRFToken": csrf_token(client, "/candidatures")})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["field"] == "verb" and error["message"]
    unchanged(selected_with_lease.id)


def test_the_service_cannot_sign_through_the_generic_move(landlord, selected_with_lease):
    with pytest.raises(services.ApplicationError):
        services.transition(landlord, selected_with_lease, "sign_lease")
    db.session.rollback()
    unchanged(selected_with_lease.id)


def test_the_premises_page_cannot_let_a_unit_by_lease(client, auth, landlord, selected_with_lease):
    auth.login(landlord.email)
    unit_id = selected_with_lease.premises_id
    page = f"/locaux/{unit_id}/modifier"
    response = client.post(f"/locaux/{unit_id}/statut", data={"verb": "let_by_lease",
                                                             "csrf_token": csrf_token(client, page)})
    assert response.status_code in (302, 400)
    db.session.commit()
    assert db.session.get(Premises, unit_id).status == "published"


def test_signing_through_its_own_form_has_every_effect(client, auth, landlord, selected_with_lease):
    auth.login(landlord.email)
    page = f"/candidatures/{selected_with_lease.id}"
    response = client.post(f"{page}/signature", data={"signed_on": "2026-12-20",
                                                      "csrf_token": csrf_token(client, page)})
    assert response.status_code == 302
    db.session.commit()
    application = db.session.get(Application, selected_with_lease.id)
    assert application.state == "lease_signed" and application.lease.signed_on == date(2026, 12, 20)
    assert application.premises.status == "let"
    # The unit stays let while its lease runs: it cannot be put back on the market meanwhile.
    with pytest.raises(premises_services.PremisesError):
        premises_services.change_status(landlord, application.premises, "publish")


@pytest.mark.parametrize("body", ['[1, 2]', '"select"', 'null', '{"verb": ["select"]}', '{"verb": "select", "version": true}',
                                  '{"verb": "reject", "reason": 5}', 'not json'])
def test_the_api_answers_malformed_bodies_with_the_one_error_shape(client, auth, landlord, selected_with_lease, body):
    auth.login(landlord.email)
    response = client.post(f"/api/v1/applications/{selected_with_lease.id}/transitions", data=body,
                           content_type="application/json", headers={"X-CSRFToken": csrf_token(client, "/candidatures")})
    assert response.status_code == 400
    assert set(response.get_json()["error"]) <= {"code", "message", "field"}
    unchanged(selected_with_lease.id)
