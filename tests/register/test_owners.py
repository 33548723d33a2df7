"""The owner of an empty unit that is not on Bourse: recorded by a manager, seen by managers only,
invited by e-mail (in the language the manager chose) to list it. On both backends."""

from __future__ import annotations

from html import unescape

from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.notifications.models import OutboxMessage
from bourse.register.models import Source, Unit, UnitState
from bourse.register.services import observe
from bourse.geo import make_point
from tests.accounts.test_sessions import signed_in
from tests.conftest import csrf_token


def empty_unit(town, address="14 rue du Lait") -> Unit:
    unit = Unit(town_id=town.id, address=address, address_key=address.lower(), location=make_point(-2.982, 47.668))
    db.session.add(unit)
    db.session.flush()
    observe(unit, UnitState.VACANT, Source.SURVEY)
    db.session.commit()
    return unit


def post(client, unit, action, **data):
    page = f"/registre/unites/{unit.id}"
    return client.post(f"{page}/{action}", data={**data, "csrf_token": csrf_token(client, page)})


def test_a_manager_records_the_owner_and_invites_them_in_their_language(app, manager, auray):
    unit = empty_unit(auray)
    client = signed_in(app, manager.email)
    saved = post(client, unit, "proprietaire", owner_name="Mme Le Goff", owner_email="Le.Goff@Example.com",
                 owner_phone="02 97 00 00 00")
    assert saved.status_code == 302
    db.session.refresh(unit)
    assert (unit.owner_name, unit.owner_email) == ("Mme Le Goff", "le.goff@example.com")
    page = unescape(client.get(f"/registre/unites/{unit.id}").get_data(as_text=True))
    assert "Mme Le Goff" in page and "Inviter le propriétaire à la publier sur Bourse" in page
    sent = post(client, unit, "invitation", language="en")
    assert sent.status_code == 302
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.to_email == "le.goff@example.com"
    assert message.subject == "Your premises at 14 rue du Lait on Bourse"
    assert "stand empty" in message.body and "http://bourse.test/inscription" in message.body
    db.session.refresh(unit)
    assert unit.owner_invited_at is not None


def test_no_invitation_without_an_address_or_for_a_unit_that_is_occupied_or_listed(app, manager, auray, make_listing):
    client = signed_in(app, manager.email)
    unit = empty_unit(auray)
    page = unescape(client.get(post(client, unit, "invitation", language="fr").headers["Location"])
                    .get_data(as_text=True))
    assert "Enregistrez d'abord l'adresse e-mail du propriétaire." in page.replace("’", "'")
    listed = make_listing(address="9 rue du Lait", lon=-2.9850, lat=47.6690)
    db.session.commit()
    from bourse.register.models import UnitListing

    listed_unit = db.session.get(Unit, db.session.get(UnitListing, listed.id).unit_id)
    listed_unit.owner_email = "x@example.com"
    db.session.commit()
    refused = client.get(post(client, listed_unit, "invitation", language="fr").headers["Location"])
    assert "Seule une cellule vacante" in unescape(refused.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_bad_address_is_a_form_error(app, manager, auray):
    unit = empty_unit(auray)
    client = signed_in(app, manager.email)
    answer = post(client, unit, "proprietaire", owner_name="X", owner_email="not an address")
    assert answer.status_code == 422 and "Saisissez une adresse e-mail valide." in unescape(answer.get_data(as_text=True))
    db.session.refresh(unit)
    assert unit.owner_email is None


def test_only_the_town_s_managers_see_or_change_the_owner(app, make_user, auray, vannes, landlord):
    unit = empty_unit(auray)
    other = signed_in(app, make_user(Role.TOWN_MANAGER, towns=[vannes]).email)
    assert post(other, unit, "proprietaire", owner_name="Pirate").status_code == 404
    assert signed_in(app, landlord.email).get(f"/registre/unites/{unit.id}").status_code == 403
    db.session.refresh(unit)
    assert unit.owner_name is None
