"""Fixtures: one app per database backend, builders, and an authentication helper.

Data tests take the ``app`` fixture and run once on SpatiaLite and once on PostGIS.
A missing backend is skipped with its reason, except under ``make test``
(``BOURSE_REQUIRE_ALL_BACKENDS=1``), where it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

import pytest

from bourse.search import map_cache
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from bourse import create_app
from bourse.accounts import services as accounts
from bourse.accounts.roles import Role
from bourse.extensions import db, limiter
from tests.support import postgis
from tests.support.ban_stub import start_ban_stub
from tests.support.db import empty_all_tables, migrate_to_head
from tests.support.servers import start_tile_server
from tests.support.smtp import start_smtp_server

pytest_plugins = ["tests.fixtures", "tests.support.workers"]
BACKENDS = ("spatialite", "postgis")
REQUIRE_ALL = os.environ.get("BOURSE_REQUIRE_ALL_BACKENDS") == "1" or os.environ.get("CI") == "true"
PASSWORD = "Un mot de passe solide 2026"


def _unavailable(reason: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"backend required but unavailable: {reason}")
    pytest.skip(f"BACKEND MISSING — {reason}")


@pytest.fixture(scope="session")
def tile_server():
    server = start_tile_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ban_stub():
    server = start_ban_stub()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def smtp_controller():
    controller, inbox = start_smtp_server()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp(smtp_controller):
    """The local SMTP server's inbox, emptied for each test."""
    _controller, inbox = smtp_controller
    inbox.messages.clear()
    return inbox


@pytest.fixture
def geocoder(ban_stub):
    """The local BAN stub, answering normally; tests may set ``geocoder.mode = "down"``."""
    ban_stub.mode = "ok"
    yield ban_stub
    ban_stub.mode = "ok"


def test_config(database_url: str, tile_server, ban_stub=None, upload_folder: str | None = None,
                smtp_port: int = 9) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "testing-secret-key-not-for-production-use",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TILE_URL": f"{tile_server.url}/tiles/{{z}}/{{x}}/{{y}}.png",
        "TILE_ATTRIBUTION": "&copy; OpenStreetMap contributors (test tiles)",
        # Nothing may reach the internet: without a stub the geocoder points at a closed port.
        "GEOCODER_URL": ban_stub.url if ban_stub else "http://127.0.0.1:9",
        **({"UPLOAD_FOLDER": upload_folder} if upload_folder else {}),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_FROM": "Bourse <no-reply@bourse.test>",
        "PUBLIC_URL": "http://bourse.test",
        # Hundreds of sign-ins from 127.0.0.1: limits have their own tests (tests/accounts/test_rate_limits.py).
        "RATELIMIT_ENABLED": False,
        # Jobs are recorded but handed to a queue nobody reads: tests run them with tests/support/jobs.py,
        # or start a real worker with its own queue (tests/jobs/).
        "JOBS_URL": "memory://",
        # Hashing stays argon2id but cheap (as TestingConfig): hundreds of test sign-ins stay fast.
        # tests/accounts/test_passwords.py checks the production parameters.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
        # Thousands of requests: their access lines would only fill the captured output (tests/ops/).
        "LOG_REQUESTS": False,
    }


test_config.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    """Lazily created database URL per backend, dropped at the end of the session."""
    created: dict[str, str] = {}

    def get(backend: str) -> str:
        if backend not in created:
            if backend == "spatialite":
                created[backend] = f"sqlite:///{tmp_path_factory.mktemp('spatialite') / 'bourse.db'}"
            else:
                reason = postgis.unavailable_reason()
                if reason:
                    _unavailable(reason)
                created[backend] = postgis.create_database().render_as_string(hide_password=False)
        return created[backend]

    yield get
    for backend, url in created.items():
        if backend == "postgis":
            postgis.drop_database(make_url(url))


@pytest.fixture(scope="session")
def apps(database_urls, tile_server, ban_stub, smtp_controller, tmp_path_factory):
    """One migrated app per backend, built on first use."""
    built = {}

    def get(backend: str):
        if backend not in built:
            uploads = str(tmp_path_factory.mktemp(f"uploads-{backend}"))
            app = create_app(test_config(database_urls(backend), tile_server, ban_stub, uploads,
                                         smtp_controller[0].port))
            migrate_to_head(app)
            built[backend] = app
        return built[backend]

    yield get
    for app in built.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(apps, backend):
    """The app on one backend, inside an app context, with empty tables afterwards."""
    application = apps(backend)
    # The limiter is one object per process, configured by the last app that called init_app; a
    # test that built an app of its own (with limits on) must not leave them on for this one.
    limiter.enabled = application.config["RATELIMIT_ENABLED"]
    map_cache.clear()  # one per process, like the limiter: no answer from another test's data
    with application.app_context():
        yield application
        db.session.remove()
    empty_all_tables(application)


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, requests would reuse the test's app context, sharing ``g`` (and its cached
    CSRF token) and the database session between requests that are really separate.
    """

    def open(self, *args, **kwargs):
        # What the test built through services so far is committed, as the earlier request
        # that made it would have (services only flush; the boundary commits).
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def make_user(app) -> Callable:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.ENTREPRENEUR, email: str | None = None, password: str = PASSWORD,
             full_name: str | None = None, towns=(), verified: bool = True):
        n = next(counter)
        user = accounts.create_user(
            email or f"user{n}@example.com", password, full_name or f"Test User {n}", role, towns
        )
        if not verified:
            user.email_verified_at = None
        db.session.commit()  # a builder: the account exists for every connection, as after sign-up
        return user

    return make


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/connexion") -> str:
    """The CSRF token a real browser would find in the page's form."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token in {path}"
    return match.group(1)


class AuthActions:
    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post(
            "/connexion", data={"email": email, "password": password, "csrf_token": csrf_token(self.client)}
        )

    def logout(self):
        return self.client.post("/deconnexion", data={"csrf_token": csrf_token(self.client, "/")})


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
