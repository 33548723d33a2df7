"""A newcomer's first minutes, clicked through in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from bourse.accounts.models import User
from bourse.extensions import db
from bourse.notifications.models import OutboxMessage

pytestmark = pytest.mark.browser
PASSWORD = "Ma boutique à Auray, 2026 !"


def test_register_login_switch_language_logout(page, tile_server):
    tiles_before = len(tile_server.server.RequestHandlerClass.requests)

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Redonnons vie aux boutiques vides")
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")

    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Nom complet").fill("Gwenaëlle Le Bihan")
    page.get_by_label("E-mail").fill("Gwenaelle@Example.com")
    page.get_by_label("Bailleur").check()
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos e-mails")
    expect(page.get_by_text("Nous avons envoyé un message à gwenaelle@example.com.")).to_be_visible()

    db.session.commit()  # end the read snapshot: see what requests committed
    user = db.session.scalar(db.select(User).where(User.email == "gwenaelle@example.com"))
    assert user is not None and user.role == "landlord" and user.email_verified_at is None
    [mail] = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_email == user.email))
    link = re.search(r"https?://\S+", mail.body).group(0)
    page.goto(urlsplit(link).path)  # the link, on the server under test
    expect(page.get_by_role("status")).to_contain_text("Votre adresse e-mail est confirmée.")

    page.get_by_label("E-mail").fill("gwenaelle@example.com")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_contain_text("Connexion réussie.")
    expect(page.locator(".whoami")).to_contain_text("Gwenaëlle Le Bihan · Bailleur")
    expect(page.locator(".notice")).to_have_count(0)  # confirmed: no reminder

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring empty shops back to life")
    expect(page.locator(".whoami")).to_contain_text("Landlord")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.watch.assert_clean()
    assert len(tile_server.server.RequestHandlerClass.requests) > tiles_before, "map tiles come from the stub"


def test_wrong_password_shows_the_error_in_the_form(page, make_user):
    make_user(email="anne@example.com")
    page.goto("/connexion")
    page.get_by_label("E-mail").fill("anne@example.com")
    page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#password-errors")).to_have_text("E-mail ou mot de passe incorrect.")
    page.watch.assert_clean()


def test_unknown_page_is_a_french_404(page):
    response = page.goto("/nulle-part")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    # Chromium reports the page's own 404 status in the console; nothing else may fail.
    assert [e for e in page.watch.console_errors if "404" not in e] == []
    assert len(page.watch.console_errors) == 1
    assert page.watch.external_requests == []
