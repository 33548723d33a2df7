"""Sign-up, sign-in and sign-out through the real forms, on both backends."""

from __future__ import annotations

import pytest

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.extensions import db
from tests.conftest import PASSWORD, csrf_token


def register(client, **fields):
    data = {
        "full_name": "Nolwenn Guillo", "email": "nolwenn@example.com", "role": "entrepreneur",
        "password": PASSWORD, "password_confirm": PASSWORD,
        "csrf_token": csrf_token(client, "/inscription"),
    }
    data.update(fields)
    if "password" in fields and "password_confirm" not in fields:
        data["password_confirm"] = fields["password"]
    return client.post("/inscription", data=data)


def users() -> list[User]:
    db.session.commit()  # end the read snapshot: see what requests committed
    return db.session.scalars(db.select(User)).all()


def test_register_creates_an_unconfirmed_entrepreneur_and_says_to_check_the_mail(client):
    response = register(client)
    assert response.status_code == 302
    [user] = users()
    assert (user.email, user.role, user.locale) == ("nolwenn@example.com", "entrepreneur", "fr")
    assert user.password_hash.startswith("$argon2id$")
    assert user.email_verified_at is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Consultez vos e-mails" in page and "nolwenn@example.com" in page


def test_register_as_landlord(client):
    register(client, role="landlord")
    assert users()[0].role == "landlord"


@pytest.mark.parametrize("role", ["admin", "town_manager", "jury_member", "superuser"])
def test_privileged_roles_cannot_be_self_chosen(client, role):
    response = register(client, role=role)
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True) or "choix" in response.get_data(as_text=True)
    assert users() == []


def test_an_address_in_another_case_makes_no_second_account_and_the_answer_is_the_same(client, make_user):
    make_user(email="nolwenn@example.com")
    taken = register(client, email="Nolwenn@EXAMPLE.com")
    new = register(client, email="quelquun@example.com")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    assert sorted(u.email for u in users()) == ["nolwenn@example.com", "quelquun@example.com"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("court-2026", "Utilisez au moins 12 caractères."),
        ("x" * 129, "Utilisez au plus 128 caractères."),
        ("passwordpassword", "Ce mot de passe est trop courant ou trop facile à deviner."),
        ("123456789012", "Ce mot de passe est trop courant ou trop facile à deviner."),
        ("azertyuiopqsdf", "Ce mot de passe est trop courant ou trop facile à deviner."),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message(client, password, message):
    response = register(client, password=password)
    assert message in response.get_data(as_text=True)
    assert users() == []


def test_password_is_taken_exactly_as_typed(client, auth):
    typed = "  espaces autour, accents éàü et 🙂  "
    assert register(client, password=typed).status_code == 302
    assert "E-mail ou mot de passe incorrect." in auth.login("nolwenn@example.com", typed.strip()).get_data(as_text=True)
    assert auth.login("nolwenn@example.com", typed).status_code == 302


def test_a_128_character_password_is_accepted(client):
    password = ("Longue phrase de passe bretonne, " * 4)[:128]
    assert len(password) == 128
    assert register(client, password=password).status_code == 302


def test_passwords_that_differ_are_refused(client):
    response = register(client, password=PASSWORD, password_confirm=PASSWORD + "!")
    assert "Les deux mots de passe sont différents." in response.get_data(as_text=True)
    assert users() == []


def test_missing_csrf_token_gets_400_and_creates_nothing(client):
    response = client.post("/inscription", data={
        "full_name": "X", "email": "x@example.com", "role": "entrepreneur",
        "password": PASSWORD, "password_confirm": PASSWORD,
    })
    assert response.status_code == 400
    assert users() == []


def test_login_form_needs_csrf_too(client, make_user):
    make_user(email="a@example.com")
    response = client.post("/connexion", data={"email": "a@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_any_email_case_and_logout(client, auth, make_user):
    make_user(email="landlord@example.com", role=Role.LANDLORD, full_name="Loïc Bailleur")
    response = auth.login("LandLord@Example.COM")
    assert response.status_code == 302
    assert "Loïc Bailleur" in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert "Loïc Bailleur" not in client.get("/").get_data(as_text=True)


def test_wrong_password_says_so_without_revealing_which_part(client, auth, make_user):
    make_user(email="a@example.com")
    wrong_password = auth.login("a@example.com", "pas le bon mot de passe").get_data(as_text=True)
    unknown_email = auth.login("nobody@example.com", "pas le bon mot de passe").get_data(as_text=True)
    assert "E-mail ou mot de passe incorrect." in wrong_password
    assert "E-mail ou mot de passe incorrect." in unknown_email


def test_logout_by_get_is_not_possible(client, auth, make_user):
    make_user(email="a@example.com", full_name="Anne Test")
    auth.login("a@example.com")
    assert client.get("/deconnexion").status_code == 405
    assert "Anne Test" in client.get("/").get_data(as_text=True)


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    make_user(email="a@example.com")
    response = client.post("/connexion?next=https://evil.example/", data={
        "email": "a@example.com", "password": PASSWORD, "csrf_token": csrf_token(client),
    })
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
