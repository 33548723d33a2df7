"""Configuration classes, read from the environment.

``BOURSE_ENV`` picks the class: ``development`` (the default for the CLI and ``make run``),
``testing`` or ``production``. Under gunicorn with no ``BOURSE_ENV``, production is assumed.
"""

from __future__ import annotations

import os
from datetime import timedelta
import secrets
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE.parent
# templates/, static/ and migrations/ sit beside the package in a checkout; a wheel carries them inside it.
ROOT = _CHECKOUT if (_CHECKOUT / "templates").is_dir() else PACKAGE / "_bundled"
# Where the embedded database, uploads and the development secret live: instance/ in a checkout,
# else in the working directory, unless BOURSE_INSTANCE_PATH says where.
INSTANCE = Path(os.environ.get("BOURSE_INSTANCE_PATH") or
                (_CHECKOUT / "instance" if ROOT == _CHECKOUT else Path.cwd() / "instance"))

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# The Base Adresse Nationale, served by IGN's Géoplateforme since 2025.
BAN_GEOCODER = "https://data.geopf.fr/geocodage"
WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "secret-key", "development"}
MIN_SECRET_LENGTH = 32


class ConfigError(SystemExit):
    """A configuration mistake: printed as one line, exits with status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(f"error: {message}")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE / 'bourse.db'}"


class Config:
    """Settings shared by every environment; values from the environment are read per instance."""

    ENV_NAME = "base"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)  # "keep me signed in" for a month at most
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms never expire
    API_TOKEN_RATE_LIMIT = "600 per minute"  # nosec B105: a rate, not a secret; each API token's own allowance
    RATELIMIT_HEADERS_ENABLED = True  # X-RateLimit-Limit, -Remaining, -Reset and Retry-After

    # argon2id, OWASP 2024: m ≥ 19 MiB. These are argon2-cffi's RFC 9106 "low memory" profile.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536  # KiB
    ARGON2_PARALLELISM = 4

    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # whole request; larger ones get 413 before reading
    # One size limit per kind of upload (bourse/uploads.py), in bytes.
    UPLOAD_LIMITS = {"photo": 10 * 1024 * 1024, "plan": 10 * 1024 * 1024, "document": 10 * 1024 * 1024,
                     "table": 5 * 1024 * 1024}
    STORAGE_BACKEND = "local"  # bourse/storage.py: where uploaded files live
    MAX_PHOTOS_PER_PREMISES = 20

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY", getattr(self, "SECRET_KEY", ""))
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or default_database_url()
        # A PostgreSQL streaming replica for the pages everyone reads (bourse/replicas.py); empty: none.
        self.DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
        # After a write, the writer reads the primary this long (replication lag never hides their change).
        self.REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "10"))
        self.TILE_URL = os.environ.get("TILE_URL", OSM_TILES)
        self.TILE_ATTRIBUTION = os.environ.get("TILE_ATTRIBUTION", OSM_ATTRIBUTION)
        self.GEOCODER_URL = os.environ.get("GEOCODER_URL", BAN_GEOCODER)
        self.UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "Bourse <no-reply@localhost>")
        # Where the sign-in attempt counters live: memory for one process, redis://... for several.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        # Refuse to start when the database lacks its spatial extension (off for offline checks).
        self.CHECK_DATABASE_ON_START = _env_bool("CHECK_DATABASE_ON_START", True)
        # The job queue: an SQLite file by default (no server), redis://... in production.
        self.JOBS_URL = os.environ.get("JOBS_URL", f"sqlite:///{INSTANCE / 'jobs.db'}")
        # Seconds after which a running job whose worker vanished is handed out again.
        self.JOB_TIMEOUT = int(os.environ.get("JOB_TIMEOUT", "600"))
        # Extra modules declaring job handlers (plugins; the tests' slow and failing jobs).
        self.JOB_MODULES = [m for m in os.environ.get("JOB_MODULES", "").split(",") if m.strip()]
        self.RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
        # Redis down: each process keeps counting in memory (limits still apply, per process) and goes
        # back to Redis once it answers; pages never fail for it.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_SWALLOW_ERRORS = True
        # Logs: one JSON object a line in production (for a log collector), text elsewhere.
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if self.ENV_NAME == "production" else "text")
        if self.LOG_FORMAT not in ("json", "text"):
            raise ConfigError("LOG_FORMAT must be json or text.")
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
        if self.LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")
        # One log line per request (method, path, status, time); off in the tests, which make thousands.
        self.LOG_REQUESTS = _env_bool("LOG_REQUESTS", self.ENV_NAME != "testing")
        # /metrics: readable with this bearer token; without one, only from this machine.
        self.METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
        # Reverse proxies (load balancers) in front of the app whose X-Forwarded-For is trusted.
        try:
            self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
        except ValueError:
            raise ConfigError("TRUSTED_PROXIES must be a whole number: how many proxies stand in front of Bourse.") \
                from None

    def validate(self) -> None:
        """Refuse to start on a dangerous configuration."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    def __init__(self) -> None:
        super().__init__()
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret()


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    # The tests' own key; check-deploy refuses it, and production reads SECRET_KEY from the environment.
    SECRET_KEY = "testing-secret-key-not-for-production-use"  # nosec B105
    # Hashing stays argon2id but cheap, so hundreds of test logins stay fast.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    ENV_NAME = "production"

    def __init__(self) -> None:
        super().__init__()
        # Behind TLS in production; SESSION_COOKIE_SECURE=0 only for a plain-HTTP trial.
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)

    def validate(self) -> None:
        key = self.SECRET_KEY or ""
        if key.strip().lower() in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH or len(set(key)) < 10:
            raise ConfigError(
                "SECRET_KEY must be set to a strong random value of at least "
                f"{MIN_SECRET_LENGTH} characters in production, e.g. "
                "export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )


def _instance_secret() -> str:
    """A random key kept in instance/, so development sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def config_from_env() -> Config:
    """The configuration object for ``BOURSE_ENV``."""
    name = os.environ.get("BOURSE_ENV")
    if not name:
        name = "production" if "gunicorn" in os.environ.get("SERVER_SOFTWARE", "") else "development"
    if name not in CONFIGS:
        raise ConfigError(f"BOURSE_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
