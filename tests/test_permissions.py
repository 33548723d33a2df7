"""Deny by default: every endpoint declares who may reach it, and undeclared ones are refused."""

from __future__ import annotations

import pytest
from flask import Flask

from bourse import create_app
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.permissions import AccessRule, login_required, public, rule_for
from tests.builders import make_town


@pytest.fixture
def bare_app(tmp_path) -> Flask:
    """An app that is never connected to a database: enough to inspect routes."""
    return create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "CHECK_DATABASE_ON_START": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


def test_every_endpoint_declares_an_access_rule(bare_app):
    undeclared = sorted(
        rule.endpoint for rule in bare_app.url_map.iter_rules() if rule_for(bare_app, rule.endpoint) is None
    )
    assert undeclared == [], f"endpoints without an access rule: {undeclared}"
    assert all(isinstance(rule_for(bare_app, r.endpoint), AccessRule) for r in bare_app.url_map.iter_rules())


def test_an_undeclared_endpoint_is_refused_at_runtime(bare_app):
    app = bare_app
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret data")
    app.add_url_rule("/declared", "declared", public(lambda: "public data"))
    client = app.test_client()
    assert client.get("/forgotten").status_code == 403
    assert client.get("/declared").get_data(as_text=True) == "public data"


ADMIN_PAGES = ["/admin/utilisateurs", "/admin/communes", "/admin/communes/nouvelle", "/admin/managers/nouveau"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_send_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")


@pytest.mark.parametrize("role", [Role.ENTREPRENEUR, Role.LANDLORD, Role.TOWN_MANAGER, Role.JURY_MEMBER])
def test_admin_pages_are_forbidden_to_other_roles(client, auth, make_user, role):
    town = make_town()
    db.session.commit()
    user = make_user(role, towns=[town] if role is Role.TOWN_MANAGER else ())
    auth.login(user.email)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path


def test_admin_pages_open_to_admins(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_api_paths_answer_json_401_to_anonymous(bare_app):
    bare_app.add_url_rule("/api/v1/whoami", "whoami_probe", login_required(lambda: "me"))
    response = bare_app.test_client().get("/api/v1/whoami")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
