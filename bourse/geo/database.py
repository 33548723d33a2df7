"""Database set-up that differs between SpatiaLite and PostGIS."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from bourse.config import ConfigError
from bourse.geo import spatialite

POSTGIS_HINT = (
    "PostGIS is not installed on this PostgreSQL server: install it "
    "(Debian/Ubuntu: sudo apt-get install postgresql-<version>-postgis-3; macOS: brew install postgis) "
    "or point DATABASE_URL at a server that has it."
)


def engine_options(url: str) -> dict:
    """Extra ``create_engine`` options for ``url``'s backend (creating a SQLite file's folder)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return {"module": spatialite.sqlite_module()}
    return {"pool_pre_ping": True}


def configure_engine(engine: Engine) -> None:
    """Attach per-connection set-up (SpatiaLite loading and pragmas) to ``engine``."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", spatialite.on_connect)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def require_extension_available(connection, name: str) -> None:
    """Fail with a one-line message when PostgreSQL cannot ``CREATE EXTENSION name``.

    :raises ConfigError: when the extension's package is missing on the server.
    """
    available = connection.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = :name"), {"name": name}
    ).first()
    if available is None:
        raise ConfigError(POSTGIS_HINT if name == "postgis" else f"PostgreSQL extension {name} is missing.")


def check_spatial_support(engine: Engine) -> None:
    """At start-up, turn a missing spatial extension into a one-line error.

    An unreachable database is not an error here: ``/healthz`` reports it instead.
    """
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                require_extension_available(connection, "postgis")
    except spatialite.SpatiaLiteUnavailable as exc:
        raise ConfigError(str(exc)) from None
    except (OperationalError, DBAPIError) as exc:
        if isinstance(getattr(exc, "orig", None), spatialite.SpatiaLiteUnavailable):
            raise ConfigError(str(exc.orig)) from None


def ensure_extensions(connection) -> None:
    """Create the PostgreSQL extensions the schema needs (first migration). No-op on SQLite."""
    if connection.dialect.name != "postgresql":
        return
    require_extension_available(connection, "postgis")
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
