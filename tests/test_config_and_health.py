"""Start-up safety, the health endpoint and error pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import text

from bourse import create_app
from bourse.config import ConfigError
from bourse.extensions import db
from bourse.geo.database import POSTGIS_HINT, require_extension_available
from bourse.permissions import public


def run_flask(env_overrides: dict, *args: str, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "BOURSE_ENV", "DATABASE_URL")}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("secret", [None, "", "changeme", "short-key", "a" * 64])
def test_production_refuses_to_start_without_a_strong_secret_key(project_root, tmp_path, secret):
    env = {"BOURSE_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run_flask(env, "routes", cwd=project_root)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


def test_production_starts_with_a_strong_secret_key(project_root, tmp_path):
    env = {"BOURSE_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
           "SECRET_KEY": "Xq3-vL9_pT2mZ8wK4rN7yB1cD6fG0hJ5sA"}
    result = run_flask(env, "routes", cwd=project_root)
    assert result.returncode == 0, result.stderr
    assert "/healthz" in result.stdout


def test_development_needs_no_configuration(project_root, tmp_path):
    result = run_flask({"BOURSE_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"},
                       "routes", cwd=project_root)
    assert result.returncode == 0, result.stderr


def test_missing_postgres_extension_is_one_clear_line(apps):
    with apps("postgis").app_context(), db.engine.connect() as conn:
        require_extension_available(conn, "postgis")  # present: no error
        with pytest.raises(ConfigError) as error:
            require_extension_available(conn, "postgis_that_is_not_installed")
    assert "\n" not in str(error.value.code)
    assert "install" in POSTGIS_HINT and "\n" not in POSTGIS_HINT


def test_postgis_hint_is_given_for_a_database_without_postgis(monkeypatch):
    """Simulates a server whose pg_available_extensions lacks postgis."""

    class NoExtensions:
        def execute(self, *args, **kwargs):
            class Result:
                def first(self):
                    return None
            return Result()

    with pytest.raises(ConfigError) as error:
        require_extension_available(NoExtensions(), "postgis")
    assert str(error.value.code) == f"error: {POSTGIS_HINT}"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_unreachable(tile_server):
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["database"] == "unreachable" and body["reason"]


def test_unknown_url_gets_a_french_404_page(client):
    response = client.get("/cette-page-n-existe-pas")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html and "Page introuvable" in html


def test_unknown_api_url_gets_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_crash_shows_a_500_page_without_traceback(tmp_path):
    app = create_app({"TESTING": False, "SECRET_KEY": "x" * 40, "CHECK_DATABASE_ON_START": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})

    def explode():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/explode", "explode", public(explode))
    response = app.test_client().get("/explode")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Une erreur est survenue de notre côté" in html
    assert "Traceback" not in html and "secret internal detail" not in html


def test_security_headers_forbid_third_party_origins(client, tile_server):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "cdn" not in csp
    assert tile_server.url in csp


def test_the_map_script_carries_a_fresh_nonce_and_nothing_inline_goes_without_it(client, make_listing):
    """The one inline script of a page is folium's map set-up: it runs under this response's nonce."""
    unit = make_listing()
    nonces = []
    for _ in range(2):
        answer = client.get(f"/locaux/{unit.id}")
        csp = answer.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "style-src 'self';" in csp
        nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
        html = answer.get_data(as_text=True)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and all(f'nonce="{nonce}"' in attrs or "application/json" in attrs for attrs in inline)
        assert " style=" not in html and "<style" not in html
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_signed_in_pages_are_not_cached_and_isolation_headers_are_set(app, client, auth, entrepreneur, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    anonymous = client.get("/")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    assert anonymous.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert anonymous.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in anonymous.headers["Permissions-Policy"]
    auth.login(entrepreneur.email)
    assert client.get("/compte/preferences").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/bourse.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_development_sends_no_hsts(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "development")
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_spatial_extension_is_loaded_on_every_connection(app, backend):
    version_sql = "SELECT spatialite_version()" if backend == "spatialite" else "SELECT postgis_version()"
    assert db.session.execute(text(version_sql)).scalar()
