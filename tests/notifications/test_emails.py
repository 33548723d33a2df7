"""E-mails people understand, read from the local SMTP server: each event its own subject, the
recipient's language whatever the sender's screen shows, what comes next, a plain and an HTML part,
Date and Message-ID headers. On both backends."""

from __future__ import annotations


from bourse.applications import services as applications
from bourse.extensions import db
from bourse.notifications import outbox
from tests.accounts.test_sessions import signed_in
from tests.builders import record_and_sign_lease
from tests.conftest import csrf_token
from tests.support.smtp import html, plain


def deliver() -> None:
    db.session.commit()
    outbox.send_due()
    db.session.commit()


def speaks(user, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def only(smtp, address: str, subject: str):
    found = [m for m in smtp.to(address) if m["Subject"] == subject]
    assert len(found) == 1, [m["Subject"] for m in smtp.to(address)]
    return found[0]


def test_each_step_reaches_each_person_in_their_own_language(app, smtp, entrepreneur, landlord, manager,
                                                            make_project, make_listing):
    speaks(landlord, "en")  # the landlord reads English; the entrepreneur and the manager French
    unit = make_listing(title="Boutique du port", address="4 quai Franklin, Auray")
    application = applications.apply(entrepreneur, make_project(name="Épicerie vrac"), unit, None, "Bonjour",
                                     submit=True)
    deliver()
    new = only(smtp, landlord.email, "New application for Boutique du port")
    assert plain(new).startswith(f"Hello {landlord.full_name},")
    assert "Nolwenn Porteuse applied for Boutique du port" in plain(new)
    assert f"http://bourse.test/candidatures/{application.id}" in plain(new)
    assert f'href="http://bourse.test/candidatures/{application.id}"' in html(new)
    assert new["Date"] and new["Message-ID"].endswith("@bourse.test>")
    only(smtp, manager.email, "Nouvelle candidature pour Boutique du port")

    # The landlord shortlists from a page shown in English: the entrepreneur reads French.
    client = signed_in(app, landlord.email)
    client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    page = f"/candidatures/{application.id}"
    client.post(f"{page}/shortlist", data={"csrf_token": csrf_token(client, page)})
    deliver()
    shortlisted = only(smtp, entrepreneur.email, "Votre candidature pour Boutique du port est présélectionnée")
    text = plain(shortlisted)
    assert text.startswith("Bonjour Nolwenn Porteuse,") and "fait partie de la présélection" in text
    assert "une décision va suivre" in text  # what comes next
    told = only(smtp, manager.email, "Boutique du port : candidature de « Épicerie vrac » — Présélectionnée")
    assert "Loïc Le Bailleur a fait avancer la candidature" in plain(told)

    # A message written in English reaches the entrepreneur in French, quoting the message.
    client.post(f"{page}/messages", data={"body": "Could you come on Thursday?", "csrf_token": csrf_token(client, page)})
    deliver()
    message = only(smtp, entrepreneur.email, "Nouveau message au sujet de Épicerie vrac")
    assert "« Could you come on Thursday? »" in plain(message)

    # Selected, the lease recorded and signed: the tenant gets the address; the others hear the unit is let.
    applications.transition(landlord, application, "select")
    record_and_sign_lease(landlord, application)
    deliver()
    only(smtp, entrepreneur.email, "Votre candidature pour Boutique du port est retenue")
    signed = only(smtp, entrepreneur.email, "Le bail pour Boutique du port est signé")
    assert "4 quai Franklin, Auray" in plain(signed)
    let = only(smtp, manager.email, "Le bail pour Boutique du port est signé")
    assert "le local est loué" in plain(let)
    assert smtp.to(landlord.email)[-1]["Subject"] != "The lease for Boutique du port is signed"  # they signed it


def test_a_refusal_gives_the_reason_and_keeps_the_door_open(app, smtp, entrepreneur, landlord,
                                                                              make_project, make_listing):
    application = applications.apply(entrepreneur, make_project(), make_listing(title="Local"), None, "", submit=True)
    applications.transition(landlord, application, "reject", reason="Activité déjà présente dans la rue")
    deliver()
    refused = only(smtp, entrepreneur.email, "Votre candidature pour Local")
    assert "Motif indiqué : Activité déjà présente dans la rue" in plain(refused)
    assert "vos alertes continuent" in plain(refused)
