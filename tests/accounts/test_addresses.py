"""Proving an address: confirmation at sign-up, password reset and address change by e-mailed links,
each link built from PUBLIC_URL, and sensitive pages behind a recent sign-in. On both backends."""

from __future__ import annotations

import re
import time

import itsdangerous
import pytest

from bourse.accounts import addresses
from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.applications.models import Application
from bourse.extensions import db
from bourse.notifications.models import OutboxMessage
from bourse.premises.models import Premises
from tests.accounts.test_registration import register
from tests.accounts.test_sessions import browser, signed_in
from tests.conftest import PASSWORD, csrf_token

NEW_PASSWORD = "Une toute nouvelle phrase de passe 2026"
LINK = re.compile(r"(https?://\S+)")


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.commit()
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_email == address)
                                   .order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    return LINK.search(message.body).group(1)


def path_of(link: str, app) -> str:
    public = app.config["PUBLIC_URL"].rstrip("/")
    assert link.startswith(public + "/"), link
    return link[len(public):]


def user(email: str) -> User:
    db.session.commit()
    return db.session.scalar(db.select(User).where(User.email == email))


def test_sign_up_sends_a_link_that_confirms_the_address(app, client):
    register(client, email="Nolwenn@Example.com")
    [mail] = mails_to("nolwenn@example.com")
    assert mail.subject == "Confirmez votre adresse e-mail" and "Bonjour Nolwenn Guillo," in mail.body
    assert user("nolwenn@example.com").email_verified_at is None
    landing = client.get(path_of(link_in(mail), app))
    assert landing.status_code == 302 and landing.headers["Location"] == "/connexion"
    assert user("nolwenn@example.com").email_verified_at is not None
    assert client.get(path_of(link_in(mail), app)).status_code == 302  # a second click changes nothing
    [_confirm, welcome] = mails_to("nolwenn@example.com")  # one welcome, with the first step for the role
    assert welcome.subject == "Bienvenue sur Bourse" and "rédigez votre dossier projet" in welcome.body
    assert "<p>Bonjour Nolwenn Guillo,</p>" in welcome.html and path_of(link_in(welcome), app) == "/projets/nouveau"
    assert client.get("/compte/confirmer-adresse/forged.token.here").status_code == 404


def test_sign_up_with_a_taken_address_answers_the_same_and_tells_its_owner(app, client, make_user):
    owner = make_user(email="nolwenn@example.com", full_name="Nolwenn Titulaire")
    new_answer = register(browser(app), email="nouvelle@example.com")
    taken_answer = register(client, email="nolwenn@example.com", full_name="Un Intrus")
    assert taken_answer.status_code == new_answer.status_code == 302
    assert taken_answer.headers["Location"] == new_answer.headers["Location"]
    assert client.get(taken_answer.headers["Location"]).get_data(as_text=True).count("nolwenn@example.com") == 1
    [mail] = mails_to(owner.email)
    assert "Bonjour Nolwenn Titulaire," in mail.body and "déjà un" in mail.body
    assert path_of(link_in(mail), app) == "/mot-de-passe-oublie"
    assert user("nolwenn@example.com").full_name == "Nolwenn Titulaire"  # nothing about the account changed


def test_the_confirmation_e_mail_is_in_the_language_of_sign_up(app, client):
    client.post("/langue", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    register(client, email="english@example.com")
    [mail] = mails_to("english@example.com")
    assert mail.subject == "Confirm your e-mail address" and mail.body.startswith("Hello Nolwenn Guillo,")


def test_an_unconfirmed_landlord_cannot_publish_and_an_unconfirmed_entrepreneur_cannot_apply(
        app, make_user, make_listing, make_project):
    landlord = make_user(Role.LANDLORD, email="proprio@example.com", verified=False)
    draft = make_listing(owner=landlord, status="draft")
    client = signed_in(app, landlord.email)
    page = client.get("/").get_data(as_text=True)
    assert "Confirmez votre adresse e-mail proprio@example.com" in page
    answer = client.post(f"/locaux/{draft.id}/statut", data={"verb": "publish", "csrf_token": csrf_token(client, "/")},
                         follow_redirects=True)
    assert "Confirmez votre adresse e-mail avant de publier" in answer.get_data(as_text=True)
    db.session.commit()
    assert db.session.get(Premises, draft.id).status == "draft"

    unit = make_listing()
    entrepreneur = make_user(Role.ENTREPRENEUR, email="porteuse@example.com", verified=False)
    project = make_project(owner=entrepreneur)
    client = signed_in(app, entrepreneur.email)
    form = client.get(f"/candidater/locaux/{unit.id}").get_data(as_text=True)
    token = re.search(r'name="request_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = client.post(f"/candidater/locaux/{unit.id}", data={
        "project": str(project.id), "message": "Bonjour", "submit": "1", "request_token": token,
        "csrf_token": csrf_token(client, f"/candidater/locaux/{unit.id}")})
    assert "Confirmez votre adresse e-mail avant de candidater" in answer.get_data(as_text=True)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 0

    # Resending the link, then opening it, lifts the restriction.
    client.post("/compte/confirmer-adresse", data={"csrf_token": csrf_token(client, "/")})
    [mail] = mails_to(entrepreneur.email)
    client.get(path_of(link_in(mail), app))
    assert "Confirmez votre adresse e-mail porteuse" not in client.get("/").get_data(as_text=True)


def ask_reset(client, email: str):
    return client.post("/mot-de-passe-oublie", data={
        "email": email, "csrf_token": csrf_token(client, "/mot-de-passe-oublie")})


def test_password_reset_by_a_single_use_link_built_from_public_url(app, entrepreneur, monkeypatch):
    phone = signed_in(app, entrepreneur.email, remember=True)
    client = browser(app)
    known, unknown = ask_reset(client, entrepreneur.email), ask_reset(client, "personne@example.com")
    # The same page either way: it tells nobody who has an account.
    # (CSRF tokens carry the second they were made in: two pages a second apart differ there only.)
    def same(page) -> str:
        return re.sub(r'name="csrf_token"[^>]*>', "", re.sub(r"\S+@example\.com", "X", page.get_data(as_text=True)))

    assert same(known) == same(unknown)
    assert mails_to("personne@example.com") == []
    [mail] = mails_to(entrepreneur.email)
    path = path_of(link_in(mail), app)
    answer = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD,
                                      "csrf_token": csrf_token(client, path)}, follow_redirects=True)
    assert "Votre mot de passe est changé" in answer.get_data(as_text=True)
    assert client.get("/compte/preferences").status_code == 200  # signed in by the reset
    assert phone.get("/compte/preferences").status_code == 302  # every other session ended
    assert client.get(path).status_code == 404  # used: the link works once
    again = browser(app)
    assert again.post("/connexion", data={"email": entrepreneur.email, "password": NEW_PASSWORD,
                                          "csrf_token": csrf_token(again)}).status_code == 302


def test_links_ignore_the_host_the_request_came_with(app, entrepreneur):
    with app.test_request_context("/mot-de-passe-oublie", base_url="http://evil.example"):
        addresses.request_password_reset(entrepreneur.email)
    [mail] = mails_to(entrepreneur.email)
    assert "evil.example" not in mail.body and link_in(mail).startswith(app.config["PUBLIC_URL"])


def test_a_reset_link_expires_after_thirty_minutes_and_a_weak_password_changes_nothing(app, entrepreneur, monkeypatch):
    client = browser(app)
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 31 * 60)
    ask_reset(client, entrepreneur.email)
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", real)
    [old] = mails_to(entrepreneur.email)
    assert client.get(path_of(link_in(old), app)).status_code == 404

    ask_reset(client, entrepreneur.email)
    path = path_of(link_in(mails_to(entrepreneur.email)[-1]), app)
    weak = client.post(path, data={"password": "court", "password_confirm": "court",
                                   "csrf_token": csrf_token(client, path)})
    assert weak.status_code == 200 and "Utilisez au moins 12 caractères." in weak.get_data(as_text=True)
    assert client.get(path).status_code == 200  # still usable
    fresh = browser(app)
    assert fresh.post("/connexion", data={"email": entrepreneur.email, "password": PASSWORD,
                                          "csrf_token": csrf_token(fresh)}).status_code == 302


def change_email(client, new: str, password: str = PASSWORD, token_from: str = "/compte/securite"):
    return client.post("/compte/adresse", data={"email": new, "password": password,
                                                "csrf_token": csrf_token(client, token_from)},
                       headers={"Referer": "http://localhost/compte/securite"}, follow_redirects=True)


def test_changing_the_address_takes_effect_when_the_new_one_is_confirmed(app, entrepreneur):
    client = signed_in(app, entrepreneur.email)
    answer = change_email(client, "Nouvelle.Adresse@example.com").get_data(as_text=True)
    assert "Nous avons envoyé un lien à nouvelle.adresse@example.com" in answer
    assert user("porteur@example.com") is not None  # nothing changed yet
    [mail] = mails_to("nouvelle.adresse@example.com")
    path = path_of(link_in(mail), app)
    assert "Votre compte utilise désormais nouvelle.adresse@example.com" in \
        client.get(path, follow_redirects=True).get_data(as_text=True)
    moved = user("nouvelle.adresse@example.com")
    assert moved.id == entrepreneur.id and moved.email_verified_at is not None
    [notice] = [m for m in mails_to("porteur@example.com")]
    assert notice.subject == "Votre adresse e-mail a été changée"
    assert client.get(path).status_code == 404  # outdated once used


def test_an_address_change_needs_the_password_and_never_says_who_has_an_address(app, entrepreneur, make_user):
    other = make_user(email="prise@example.com", full_name="Titulaire Prise")
    client = signed_in(app, entrepreneur.email)
    assert "Le mot de passe actuel est faux." in change_email(client, "x@example.com", "faux").get_data(as_text=True)
    taken = change_email(client, "prise@example.com").get_data(as_text=True)
    assert "Nous avons envoyé un lien à prise@example.com" in taken
    [warning] = mails_to(other.email)
    assert warning.subject == "Quelqu’un a essayé d’utiliser votre adresse"
    assert user(entrepreneur.email).id == entrepreneur.id


def test_sensitive_pages_need_a_sign_in_within_fifteen_minutes(app, entrepreneur, monkeypatch):
    client = signed_in(app, entrepreneur.email, remember=True)
    assert client.get("/compte/securite").status_code == 200
    # Sixteen minutes later the session is still open, but not recent.
    later = time.time() + 16 * 60
    monkeypatch.setattr("bourse.accounts.recent.time.time", lambda: later)
    assert client.get("/compte/preferences").status_code == 200
    answer = client.get("/compte/securite")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/compte/confirmer-mot-de-passe")
    refused = change_email(client, "ailleurs@example.com", token_from="/")
    assert "confirmez votre mot de passe" in refused.get_data(as_text=True).lower()
    assert refused.request.path == "/compte/confirmer-mot-de-passe"
    assert mails_to("ailleurs@example.com") == []
    page = answer.headers["Location"]
    wrong = client.post(page, data={"password": "faux", "csrf_token": csrf_token(client, page)})
    assert "Mot de passe incorrect." in wrong.get_data(as_text=True)
    right = client.post(page, data={"password": PASSWORD, "csrf_token": csrf_token(client, page)})
    assert right.headers["Location"] == "/compte/securite"
    assert client.get("/compte/securite").status_code == 200


def test_a_session_restored_from_keep_me_signed_in_is_not_recent(app, entrepreneur):
    client = signed_in(app, entrepreneur.email, remember=True)
    remember = client.get_cookie("remember_token").value
    restored = browser(app)
    restored.set_cookie("remember_token", remember)
    assert restored.get("/compte/preferences").status_code == 200
    assert restored.get("/compte/securite").status_code == 302


@pytest.mark.parametrize("path", ["/compte/securite"])
def test_json_callers_get_a_401_asking_to_sign_in_again(app, entrepreneur, path):
    client = signed_in(app, entrepreneur.email, remember=True)
    restored = browser(app)
    restored.set_cookie("remember_token", client.get_cookie("remember_token").value)
    answer = restored.get(path, headers={"Accept": "application/json"})
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "reauthentication_required"
