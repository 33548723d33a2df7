"""Password guessing is slowed: per address, and per account from any address."""

from __future__ import annotations

import pytest

from bourse import create_app
from bourse.accounts.roles import Role
from bourse.extensions import db, limiter
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def limited_app(app):
    """The same database with the limits on, counting in this app's own memory."""
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "CHECK_DATABASE_ON_START": False})
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()
    # One process serves one app in production, so the limiter is a module-level singleton that
    # the last init_app configures: give it back to the shared test app, limits off.
    limiter.init_app(app)


def attempt(client, email: str, password: str, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client)
    return client.post("/connexion", data={"email": email, "password": password, "csrf_token": token})


def test_an_address_gets_thirty_failed_sign_ins_a_minute(limited_app, make_user):
    colleague = make_user(Role.ENTREPRENEUR, email="collegue@example.com")
    user = make_user(Role.ENTREPRENEUR, email="cible@example.com")
    client = limited_app.test_client()
    # Successful sign-ins from a shared office network do not count.
    for _ in range(5):
        assert attempt(limited_app.test_client(), colleague.email, PASSWORD, "203.0.113.7").status_code == 302
    for n in range(30):
        assert attempt(client, f"inconnu{n}@example.com", "mauvais mot de passe", "203.0.113.7").status_code == 200
    refused = attempt(client, user.email, PASSWORD, "203.0.113.7")
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    # Another address is not affected, and the right password works there.
    assert attempt(limited_app.test_client(), user.email, PASSWORD, "198.51.100.4").status_code == 302


def test_one_address_gets_ten_failed_attempts_at_one_account(limited_app, make_user):
    user = make_user(Role.ENTREPRENEUR, email="cible@example.com")
    for _ in range(10):
        assert attempt(limited_app.test_client(), user.email.upper(), "mauvais mot de passe", "192.0.2.1").status_code == 200
    assert attempt(limited_app.test_client(), user.email, PASSWORD, "192.0.2.1").status_code == 429
    # The guesser's address is stopped for this account only: the owner, elsewhere, signs in.
    assert attempt(limited_app.test_client(), user.email, PASSWORD, "198.51.100.9").status_code == 302


def test_a_guesser_spread_over_many_addresses_cannot_keep_the_owner_out(limited_app, make_user):
    user = make_user(Role.ENTREPRENEUR, email="cible@example.com")
    owners_phone = limited_app.test_client()
    assert attempt(owners_phone, user.email, PASSWORD, "198.51.100.9").status_code == 302  # a known device now
    owners_phone.post("/deconnexion", data={"csrf_token": csrf_token(owners_phone, "/")})
    for n in range(50):
        assert attempt(limited_app.test_client(), user.email, "mauvais mot de passe", f"192.0.2.{n}").status_code == 200
    # New devices are stopped for this account, wherever they are...
    stranger = attempt(limited_app.test_client(), user.email, PASSWORD, "192.0.2.201")
    assert stranger.status_code == 429
    assert "mot de passe oublié" in stranger.get_data(as_text=True).lower()
    # ...but not the owner's own browser, even from a new network,
    assert attempt(owners_phone, user.email, PASSWORD, "203.0.113.50").status_code == 302
    # and a new device still gets in through a password-reset e-mail (tests/accounts/test_addresses.py).
    # A device known for another account is not known for this one.
    other = make_user(Role.ENTREPRENEUR, email="autre@example.com")
    shared = limited_app.test_client()
    assert attempt(shared, other.email, PASSWORD, "203.0.113.60").status_code == 302
    shared.post("/deconnexion", data={"csrf_token": csrf_token(shared, "/")})
    assert attempt(shared, user.email, PASSWORD, "203.0.113.60").status_code == 429


def test_the_api_answers_429_in_json(limited_app):
    client = limited_app.test_client()
    for _ in range(120):
        client.get("/api/v1/geocode?q=ab")
    response = client.get("/api/v1/geocode?q=ab")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_requests"


def test_behind_a_trusted_proxy_each_client_has_its_own_counter(app, make_user):
    proxied = create_app({**app.config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "CHECK_DATABASE_ON_START": False, "TRUSTED_PROXIES": 1})
    try:
        user = make_user(Role.ENTREPRENEUR, email="cible@example.com")

        def via_balancer(client_address: str, email: str | None = None):
            client = proxied.test_client()
            client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
            return attempt(client, email or user.email, "mauvais mot de passe", "10.0.0.1")  # the balancer

        for n in range(30):
            assert via_balancer("203.0.113.7", f"x{n}@example.com").status_code == 200
        assert via_balancer("203.0.113.7").status_code == 429
        assert via_balancer("198.51.100.4").status_code == 200
    finally:
        with proxied.app_context():
            db.session.remove()
            db.engine.dispose()
        limiter.init_app(app)


def test_a_bad_proxy_count_stops_with_one_line(monkeypatch):
    from bourse.config import ConfigError, config_from_env

    monkeypatch.setenv("TRUSTED_PROXIES", "two")
    with pytest.raises(ConfigError) as stopped:
        config_from_env()
    assert "TRUSTED_PROXIES" in str(stopped.value)
