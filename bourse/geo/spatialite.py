"""Loading SpatiaLite into SQLite connections, whatever the Python build.

pyenv-built Pythons ship a ``sqlite3`` that cannot load extensions; on those we use the
``sqlean`` drop-in module, which can. Run ``python -m bourse.geo.spatialite --check`` to
see whether this machine can load SpatiaLite at all.
"""

from __future__ import annotations

import glob
import os
import sqlite3
import sys
from types import ModuleType

# Where package managers put mod_spatialite when it is not on the loader's default path.
_CANDIDATE_PATHS = (
    "mod_spatialite",
    "/opt/homebrew/lib/mod_spatialite.dylib",
    "/usr/local/lib/mod_spatialite.dylib",
    "/usr/lib/*/mod_spatialite.so",
    "/usr/lib64/mod_spatialite.so",
)


class SpatiaLiteUnavailable(RuntimeError):
    """SpatiaLite cannot be loaded into SQLite on this machine."""


def sqlite_module() -> ModuleType:
    """The DB-API module to use: stdlib ``sqlite3`` if it can load extensions, else ``sqlean``."""
    if hasattr(sqlite3.connect(":memory:"), "enable_load_extension"):
        return sqlite3
    import sqlean

    return sqlean


def _candidates() -> list[str]:
    configured = os.environ.get("SPATIALITE_LIBRARY_PATH")
    if configured:
        return [configured]
    found: list[str] = []
    for pattern in _CANDIDATE_PATHS:
        found.extend(glob.glob(pattern) if "*" in pattern else [pattern])
    return found


def load_spatialite(dbapi_conn) -> None:
    """Load the SpatiaLite extension into one DB-API connection.

    :raises SpatiaLiteUnavailable: when no candidate library loads.
    """
    dbapi_conn.enable_load_extension(True)
    try:
        errors = []
        for path in _candidates():
            try:
                dbapi_conn.load_extension(path)
                return
            except Exception as exc:  # each driver raises its own OperationalError
                errors.append(f"{path}: {exc}")
        raise SpatiaLiteUnavailable(
            "SpatiaLite could not be loaded (" + "; ".join(errors) + "). "
            "Install it: sudo apt-get install libsqlite3-mod-spatialite "
            "(macOS: brew install libspatialite), or set SPATIALITE_LIBRARY_PATH."
        )
    finally:
        dbapi_conn.enable_load_extension(False)


# Systems beyond WGS 84 that imports convert from: Lambert-93, the projection of French open data.
EXTRA_SRIDS = (2154,)


def init_spatial_metadata(dbapi_conn) -> None:
    """Create SpatiaLite's metadata tables once per database file (WGS84 systems, and Lambert-93)."""
    if dbapi_conn.execute("SELECT CheckSpatialMetaData()").fetchone()[0] < 1:
        dbapi_conn.execute("SELECT InitSpatialMetaData(1, 'WGS84')")
    for srid in EXTRA_SRIDS:
        if not dbapi_conn.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = ?", (srid,)).fetchone():
            dbapi_conn.execute("SELECT InsertEpsgSrid(?)", (srid,))


def on_connect(dbapi_conn, _connection_record) -> None:
    """SQLAlchemy ``connect`` listener: SpatiaLite, foreign keys, WAL and a busy timeout."""
    load_spatialite(dbapi_conn)
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers run while one writer writes; the timeout makes writers queue
    # instead of failing at once with "database is locked". In WAL mode, synchronous NORMAL
    # cannot corrupt the file and skips an fsync per commit, so a writer holds the one write
    # lock for less time (a power cut may lose the last commits, not the database).
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA busy_timeout = 10000")
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")
    init_spatial_metadata(dbapi_conn)


WRITE_LOCK_OPTION = "bourse_write_lock"


def on_begin(connection) -> None:
    """SQLAlchemy ``begin`` listener: ``BEGIN IMMEDIATE`` when a write lock was asked for.

    An immediate transaction takes SQLite's single write lock at once, so a check-then-insert
    in it cannot interleave with another writer's. Other transactions keep the driver's
    default: reads run outside any transaction and the first write begins one, so no read
    holds an old snapshot that would make a later write fail with "database is locked".
    """
    if connection.get_execution_options().get(WRITE_LOCK_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def check() -> bool:
    """True when this machine can load SpatiaLite."""
    try:
        conn = sqlite_module().connect(":memory:")
        load_spatialite(conn)
        conn.execute("SELECT spatialite_version()").fetchone()
        return True
    except SpatiaLiteUnavailable as exc:
        print(exc, file=sys.stderr)
        return False


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(0 if check() else 1)
