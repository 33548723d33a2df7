"""Sessions end server-side: a copied cookie opens nothing after sign-out, a password change or
"sign out everywhere"; "keep me signed in" lasts 30 days at most."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bourse.accounts.models import User
from bourse.extensions import db
from tests.conftest import PASSWORD, IsolatedClient, csrf_token

NEW_PASSWORD = "Une autre phrase de passe, bien plus longue 42"


def browser(app):
    """One more browser, with its own cookies; each request in its own app context."""
    app.test_client_class = IsolatedClient
    return app.test_client()


def signed_in(app, email: str, remember: bool = False):
    client = browser(app)
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    assert client.post("/connexion", data=data).status_code == 302
    return client


def replay(app, cookies: dict[str, str]):
    """Another browser holding copies of the cookies: who does the site think it is?"""
    thief = browser(app)
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief.get("/compte/preferences")


def stolen(client, *names: str) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in names if client.get_cookie(name)}


def test_a_copied_session_or_remember_cookie_opens_nothing_after_sign_out(app, entrepreneur):
    client = signed_in(app, entrepreneur.email, remember=True)
    session_only, remember_only = stolen(client, "session"), stolen(client, "remember_token")
    assert remember_only, "keep me signed in sets its cookie"
    assert replay(app, session_only).status_code == 200  # the copy works while the owner is signed in
    assert replay(app, remember_only).status_code == 200
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    assert replay(app, session_only).status_code == 302  # sent to the sign-in page
    assert replay(app, remember_only).status_code == 302


def test_keep_me_signed_in_lasts_thirty_days_at_most(app, entrepreneur):
    client = signed_in(app, entrepreneur.email, remember=True)
    expires = client.get_cookie("remember_token").expires
    assert expires is not None
    lasts = expires - datetime.now(timezone.utc)
    assert timedelta(days=29) < lasts <= timedelta(days=30)


def test_changing_the_password_signs_out_the_other_devices_but_not_this_one(app, entrepreneur):
    laptop, phone = signed_in(app, entrepreneur.email), signed_in(app, entrepreneur.email, remember=True)
    phone_cookies = stolen(phone, "session", "remember_token")
    answer = laptop.post("/compte/securite", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(laptop, "/compte/securite")}, follow_redirects=True)
    assert "Mot de passe modifié" in answer.get_data(as_text=True)
    assert laptop.get("/compte/preferences").status_code == 200
    assert phone.get("/compte/preferences").status_code == 302
    assert replay(app, phone_cookies).status_code == 302
    fresh = browser(app)
    refused = fresh.post("/connexion", data={"email": entrepreneur.email, "password": PASSWORD,
                                              "csrf_token": csrf_token(fresh)})
    assert refused.status_code == 200  # the old password no longer opens the account
    accepted = fresh.post("/connexion", data={"email": entrepreneur.email, "password": NEW_PASSWORD,
                                               "csrf_token": csrf_token(fresh)})
    assert accepted.status_code == 302


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, entrepreneur):
    client = signed_in(app, entrepreneur.email)
    db.session.commit()
    before = db.session.get(User, entrepreneur.id).password_hash
    wrong = client.post("/compte/securite", data={
        "current_password": "pas le bon mot de passe", "new_password": NEW_PASSWORD,
        "new_password_confirm": NEW_PASSWORD, "csrf_token": csrf_token(client, "/compte/securite")})
    assert "Le mot de passe actuel est faux." in wrong.get_data(as_text=True)
    weak = client.post("/compte/securite", data={
        "current_password": PASSWORD, "new_password": "motdepasse", "new_password_confirm": "motdepasse",
        "csrf_token": csrf_token(client, "/compte/securite")})
    assert weak.status_code == 200 and "caractères" in weak.get_data(as_text=True)
    db.session.commit()
    assert db.session.get(User, entrepreneur.id).password_hash == before
    assert client.get("/compte/preferences").status_code == 200  # still signed in


def test_sign_out_everywhere_ends_every_session(app, entrepreneur):
    laptop, phone = signed_in(app, entrepreneur.email), signed_in(app, entrepreneur.email, remember=True)
    answer = laptop.post("/compte/securite/deconnexion-partout",
                         data={"csrf_token": csrf_token(laptop, "/compte/securite")})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/connexion")
    assert laptop.get("/compte/preferences").status_code == 302
    assert phone.get("/compte/preferences").status_code == 302


def test_the_security_page_needs_a_signed_in_user(client):
    assert client.get("/compte/securite").status_code == 302
    assert client.post("/compte/securite/deconnexion-partout").status_code in (302, 400)


def test_a_password_keeps_its_direction_controls_exactly_as_typed(app, entrepreneur):
    """Names lose their direction controls (bourse/security.py); passwords are never altered."""
    odd = "Phrase\u202e de passe \u2066tout à fait correcte 77"
    client = signed_in(app, entrepreneur.email)
    answer = client.post("/compte/securite", data={
        "current_password": PASSWORD, "new_password": odd, "new_password_confirm": odd,
        "csrf_token": csrf_token(client, "/compte/securite")})
    assert answer.status_code == 302
    fresh = browser(app)
    assert fresh.post("/connexion", data={"email": entrepreneur.email, "password": odd,
                                          "csrf_token": csrf_token(fresh)}).status_code == 302
