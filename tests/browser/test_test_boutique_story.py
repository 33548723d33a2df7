"""The whole test-boutique story in a real browser, with every e-mail caught by a local SMTP server.

An entrepreneur applies to a slot; the manager invites a jury member, who signs up from the
e-mailed link and scores; the manager records the jury's decision, then the lease, and signs it;
the unit shows as let; the entrepreneur follows every step in their timeline.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from bourse.extensions import db
from bourse.programmes import services as programmes
from bourse.programmes.models import Call
from bourse.timeutil import utcnow
from tests.browser.test_premises_flow import sign_in
from tests.builders import make_call, make_programme, make_slot
from tests.support.smtp import plain

pytestmark = pytest.mark.browser
JURY_EMAIL = "claire.jure@example.com"
JURY_PASSWORD = "Un jury bien outillé 2026"


def send_outbox(app) -> None:
    result = CliRunner().invoke(app.cli, ["outbox", "send"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_apply_score_select_sign_and_follow_every_step(app, page, another_page, smtp, manager, landlord,
                                                       entrepreneur, make_listing, make_project):
    cell = make_listing(title="Cellule d'essai rue du Lait", sales_area_m2=Decimal(40))
    programme = make_programme(manager, cell, title="Boutique à l'essai du Loch",
                               criteria=[programmes.Criterion("Viabilité économique", 60),
                                         programmes.Criterion("Ancrage local", 40)])
    call = make_call(manager, programme)
    make_slot(manager, call, 30, 210)
    make_project(name="Épicerie vrac du Loch")
    call_id, cell_id = call.id, cell.id

    # 1. The entrepreneur applies to the slot from the call's public page.
    sign_in(page, entrepreneur.email)
    page.goto(f"/appels/{call_id}")
    page.get_by_role("link", name="Candidater").click()
    page.get_by_label("Dossier de projet").select_option(label="Épicerie vrac du Loch")
    page.get_by_label("Message d'accompagnement").fill("Vrac et producteurs du pays d'Auray.")
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(page.locator("p.flash")).to_contain_text("Candidature déposée.")
    expect(page.locator("body")).to_contain_text("L'appel se termine le")

    # 2. The manager invites a jury member from the jury page.
    boss = another_page()
    sign_in(boss, manager.email)
    boss.goto(f"/programmes/{programme.id}")
    boss.get_by_role("link", name="Jury, classement et décision").click()
    boss.get_by_label("E-mail du membre du jury").fill(JURY_EMAIL)
    boss.get_by_role("button", name="Envoyer l'invitation").click()
    expect(boss.locator("p.flash")).to_contain_text(f"Invitation envoyée à {JURY_EMAIL}.")
    send_outbox(app)
    [invitation] = smtp.to(JURY_EMAIL)
    link = re.search(r"http://bourse\.test(/jury/invitation/\S+)", plain(invitation)).group(1)

    # 3. The jury member signs up from the link and scores the application.
    juror = another_page()
    juror.goto(link)
    juror.get_by_label("Nom complet").fill("Claire Jurée")
    juror.get_by_label("Mot de passe", exact=True).fill(JURY_PASSWORD)
    juror.get_by_label("Confirmez le mot de passe").fill(JURY_PASSWORD)
    juror.get_by_role("button", name="Créer mon accès et rejoindre le jury").click()
    expect(juror.locator("p.flash")).to_contain_text("Vous avez rejoint le jury.")
    juror.get_by_role("link", name="Épicerie vrac du Loch").click()
    juror.get_by_label("Viabilité économique", exact=True).fill("11")  # out of the grid's range
    juror.get_by_label("Ancrage local", exact=True).fill("9")
    juror.get_by_role("button", name="Enregistrer mes notes").click()
    expect(juror.get_by_role("alert")).to_contain_text("comprise entre 0 et 10")
    juror.get_by_label("Viabilité économique", exact=True).fill("8")
    juror.get_by_label("Commentaire sur Ancrage local").fill("Producteurs du pays d'Auray")
    juror.get_by_role("button", name="Enregistrer mes notes").click()
    expect(juror.locator("p.flash")).to_contain_text("Vos notes sont enregistrées.")
    expect(juror.locator("tbody tr").first).to_contain_text("Notée")

    # 4. The deadline passes; the manager sees the ranking and records the decision.
    db.session.execute(db.update(Call).where(Call.id == call_id).values(closes_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    boss.reload()
    first_row = boss.locator("table.ranking tbody tr").first
    expect(first_row).to_contain_text("Épicerie vrac du Loch")
    expect(first_row).to_contain_text("84")  # 60 × 8/10 + 40 × 9/10
    boss.get_by_label("Procès-verbal du jury").fill("Jury du 3 mars : projet retenu à l'unanimité.")
    boss.get_by_role("button", name="Enregistrer la décision et prévenir chaque candidat").click()
    expect(boss.locator("p.flash")).to_contain_text("Décision enregistrée")

    # 5. The lease: recorded with a rent schedule, then signed; the unit is let.
    boss.get_by_role("link", name="Épicerie vrac du Loch").first.click()
    start = date.today() + timedelta(days=30)
    boss.locator("#lease_type").select_option("short_term")
    boss.locator("#starts_on").fill(start.isoformat())
    boss.locator("#ends_on").fill((start + timedelta(days=365)).isoformat())
    boss.locator("#renewal_decision_on").fill((start + timedelta(days=270)).isoformat())
    boss.locator("#converts_to").select_option("commercial_369")
    boss.locator("#steps-0-starts_on").fill(start.isoformat())
    boss.locator("#steps-0-ends_on").fill((start + timedelta(days=182)).isoformat())
    boss.locator("#steps-0-monthly_rent").fill("420")
    boss.locator("#steps-1-starts_on").fill((start + timedelta(days=182)).isoformat())
    boss.locator("#steps-1-ends_on").fill((start + timedelta(days=365)).isoformat())
    boss.locator("#steps-1-monthly_rent").fill("600")
    boss.get_by_role("button", name="Enregistrer le bail").click()
    expect(boss.locator("p.flash")).to_contain_text("Bail enregistré.")
    boss.get_by_label("Signé le").fill(date.today().isoformat())
    boss.get_by_role("button", name="Marquer le bail comme signé").click()
    expect(boss.locator("p.flash")).to_contain_text("Bail signé : le local est désormais loué.")
    boss.goto(f"/locaux/{cell_id}")
    expect(boss.locator("body")).to_contain_text("Ce local est loué : il a trouvé son occupant.")  # public now, not a 404

    # 6. The entrepreneur sees every step, and what comes next.
    page.get_by_role("link", name="Mes candidatures").click()
    expect(page.locator(".result").first).to_contain_text("Bail signé")
    expect(page.locator(".result").first).to_contain_text("la décision de renouvellement est attendue")
    page.locator(".result a").first.click()
    steps = page.locator("ol.timeline li")
    expect(steps).to_have_count(4)
    for n, label in enumerate(["Brouillon", "Déposée", "Retenue", "Bail signé"]):
        expect(steps.nth(n)).to_contain_text(label)
    expect(page.locator("table").filter(has_text="Échéancier du loyer")).to_contain_text("420\u00a0€")

    # 7. Every e-mail reached the local SMTP server, in French, each with its own subject and next step.
    send_outbox(app)
    to_manager = {m["Subject"]: plain(m) for m in smtp.to(manager.email)}
    to_entrepreneur = {m["Subject"]: plain(m) for m in smtp.to(entrepreneur.email)}
    new = to_manager["Nouvelle candidature pour Cellule d'essai rue du Lait"]
    assert "a candidaté pour Cellule d'essai rue du Lait avec le projet « Épicerie vrac du Loch »" in new
    assert "le jury note ensuite les candidatures" in new  # what comes next
    decision = next(text for subject, text in to_entrepreneur.items() if subject.startswith("Décision du jury — "))
    assert decision.startswith("Bonjour ") and "est retenu pour le créneau du" in decision
    assert "La commune vous contactera au sujet du bail" in decision
    lease = to_entrepreneur["Le bail pour Cellule d'essai rue du Lait est signé"]
    assert "Votre bail pour Cellule d'essai rue du Lait" in lease and "il commence le" in lease
    for person in (page, boss, juror):
        person.watch.assert_clean()
