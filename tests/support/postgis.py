"""The throw-away PostGIS database the tests use, and checks for ``scripts/bootstrap.sh``.

The server is the one at ``TEST_DATABASE_URL``, else ``DATABASE_URL`` when it is PostgreSQL,
else ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``. Tests create and drop
their own database on it; nothing else on the server is touched.
"""

from __future__ import annotations

import os
import sys
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def admin_url() -> URL:
    for name in ("TEST_DATABASE_URL", "DATABASE_URL"):
        value = os.environ.get(name, "")
        if value.startswith("postgresql"):
            return make_url(value)
    return make_url(DEFAULT_ADMIN_URL)


def _admin_engine():
    return create_engine(admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


def unavailable_reason() -> str | None:
    """Why PostGIS tests cannot run here, or None when they can."""
    try:
        engine = _admin_engine()
        with engine.connect() as conn:
            has_postgis = conn.execute(
                text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
            ).first()
        engine.dispose()
    except Exception as exc:  # any connection failure means "not here"
        return f"PostgreSQL unreachable at {admin_url().render_as_string()}: {type(exc).__name__}"
    if has_postgis is None:
        return "PostGIS is not installed on the test PostgreSQL server"
    return None


def create_database() -> URL:
    """Create an empty throw-away database and return its URL."""
    name = f"bourse_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url().set(database=name)


def drop_database(url: URL) -> None:
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    engine.dispose()


def _main(argv: list[str]) -> int:
    if "--is-local" in argv:
        return 0 if (admin_url().host or "localhost") in ("127.0.0.1", "localhost", "::1") else 1
    if "--server-major" in argv:
        engine = _admin_engine()
        with engine.connect() as conn:
            print(int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000)
        return 0
    reason = unavailable_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2 if "unreachable" in reason else 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
