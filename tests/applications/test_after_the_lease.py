"""The journey's end and its detours, on both backends: a test-boutique unit leads to its call,
each role reads its own next step, and once the lease is signed the tenant has the address, the
landlord's contact and the lease, while the public learns the unit is let."""

from __future__ import annotations


import pytest

from bourse.applications import services as applications
from bourse.applications.models import Application
from bourse.extensions import db
from tests.accounts.test_sessions import signed_in
from tests.builders import make_call, make_programme, make_slot, record_and_sign_lease
from tests.conftest import csrf_token


@pytest.fixture
def signed(entrepreneur, landlord, make_project, make_listing):
    unit = make_listing(title="Boutique du port", address="4 quai Franklin, Auray")
    application = applications.apply(entrepreneur, make_project(name="Épicerie vrac"), unit, None, "Bonjour",
                                     submit=True)
    applications.transition(landlord, application, "select")
    record_and_sign_lease(landlord, application)
    db.session.commit()
    return application


def test_the_tenant_sees_the_address_the_landlords_contact_and_the_lease(app, signed, entrepreneur, landlord):
    page = signed_in(app, entrepreneur.email).get(f"/candidatures/{signed.id}").get_data(as_text=True)
    for shown in ("4 quai Franklin, Auray", landlord.full_name, landlord.email, "Bail commercial 3-6-9", "900"):
        assert shown in page, shown
    assert "Bail Bail" not in page


def test_a_let_unit_tells_the_public_it_is_let_and_stays_open_to_its_people(app, client, signed, entrepreneur,
                                                                          landlord, manager):
    path = f"/locaux/{signed.premises_id}"
    public = client.get(path)
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert "Ce local est loué" in html and "Candidater" not in html
    for person in (entrepreneur, landlord, manager):
        seen = signed_in(app, person.email).get(path)
        assert seen.status_code == 200
        assert "Vous seul voyez cette annonce" not in seen.get_data(as_text=True)


def test_each_role_reads_its_own_next_step(app, entrepreneur, landlord, make_project, make_listing):
    application = applications.apply(entrepreneur, make_project(), make_listing(), None, "", submit=True)
    applications.transition(landlord, application, "shortlist")
    db.session.commit()
    path = f"/candidatures/{application.id}"
    applicant = signed_in(app, entrepreneur.email).get(path).get_data(as_text=True)
    reviewer = signed_in(app, landlord.email).get(path).get_data(as_text=True)
    assert "Votre candidature est présélectionnée : une décision va suivre." in applicant
    assert "Décidez : retenir ce dossier ou le décliner" in reviewer
    assert "une décision va suivre" not in reviewer


def test_a_test_boutique_unit_leads_to_its_call_and_refuses_a_plain_application(app, manager, entrepreneur,
                                                                               make_listing, make_project):
    cell = make_listing(title="Cellule d'essai", lon=-2.982)
    call = make_call(manager, make_programme(manager, cell))
    make_slot(manager, call)
    project = make_project()
    db.session.commit()
    client = signed_in(app, entrepreneur.email)
    page = client.get(f"/locaux/{cell.id}").get_data(as_text=True)
    assert f'href="/appels/{call.id}"' in page and "Boutique à l'essai" in page
    assert f"/candidater/locaux/{cell.id}" not in page
    form = client.get(f"/candidater/locaux/{cell.id}")
    assert form.status_code == 302 and form.headers["Location"] == f"/appels/{call.id}"
    refused = client.post(f"/candidater/locaux/{cell.id}", data={
        "project": str(project.id), "message": "", "submit": "1", "request_token": "t1",
        "csrf_token": csrf_token(client, "/")}, follow_redirects=True)
    assert "boutique à l’essai" in refused.get_data(as_text=True).lower()
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 0
    with pytest.raises(applications.ApplicationError):
        applications.apply(entrepreneur, project, cell, None, "", submit=True)
