"""Database set-up that differs between SpatiaLite and PostGIS."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam, event, func, literal_column, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from bourse.config import ConfigError
from bourse.extensions import db
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
    # No JIT: spatial functions inflate the planner's cost estimates past jit_above_cost, and
    # compiling then took 20-30 ms for matching and search queries that run in 10. No parallel
    # workers either: starting one took 10 ms of a 29 ms radius search, and under load the other
    # core is serving another request anyway.
    ours = "-c jit=off -c max_parallel_workers_per_gather=0"
    options = " ".join(filter(None, [parsed.query.get("options"), ours]))
    return {"pool_pre_ping": True, "connect_args": {"options": options}}


def configure_engine(engine: Engine) -> None:
    """Attach per-connection set-up (SpatiaLite loading and pragmas) to ``engine``."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", spatialite.on_connect)
        event.listen(engine, "begin", spatialite.on_begin)


def begin_write_locked(session) -> None:
    """Start ``session``'s transaction holding the database's write lock (SQLite), so that a
    rule checked inside it ("no overlapping slot") still holds when the transaction commits.

    On PostgreSQL transactions start normally: constraints there guard against races.
    Call it before the transaction's first statement.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={spatialite.WRITE_LOCK_OPTION: True})


def begin_locking_row(session, entity, ident) -> None:
    """Start ``session``'s transaction holding a lock that serialises work on one row.

    PostgreSQL: ``SELECT ... FOR UPDATE`` of that row, so two transactions on it queue up
    instead of deadlocking on the rows they both touch. SQLite: the database's write lock.
    Call it before the transaction's first statement.
    """
    if session.get_bind().dialect.name == "sqlite":
        begin_write_locked(session)
    else:
        session.execute(select(entity.id).where(entity.id == ident).with_for_update())


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


def ensure_extensions(connection, *names: str) -> None:
    """Create the PostgreSQL extensions the schema needs (postgis by default). No-op on SQLite."""
    if connection.dialect.name != "postgresql":
        return
    for name in names or ("postgis",):
        require_extension_available(connection, name)
        connection.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))


SLOT_OVERLAP_CONSTRAINT = "ex_slots_no_overlap"


def add_no_overlap_constraint(connection) -> None:
    """PostgreSQL only: slots of one unit may not share a day (btree_gist exclusion).

    SQLite has no such constraint; the programmes service checks under a write lock instead.
    """
    if connection.dialect.name != "postgresql":
        return
    ensure_extensions(connection, "btree_gist")
    connection.execute(text(
        f"ALTER TABLE slots ADD CONSTRAINT {SLOT_OVERLAP_CONSTRAINT} EXCLUDE USING gist "
        "(premises_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&)"
    ))


def is_exclusion_violation(error: Exception) -> bool:
    """True when ``error`` is PostgreSQL refusing a row under an exclusion constraint."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "23P01"


def among(column, ids: list[int]) -> ColumnElement[bool]:
    """``column`` is one of ``ids``, sent as one parameter whatever their number (a JSON list for
    SQLite, an array for PostgreSQL) rather than one placeholder each, which SQLite caps."""
    if db.session.get_bind().dialect.name == "sqlite":
        return column.in_(select(literal_column("value")).select_from(func.json_each(json.dumps(ids))))
    return column == any_(bindparam("ids", ids, type_=ARRAY(Integer), unique=True))
