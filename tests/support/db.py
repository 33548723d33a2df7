"""Building and emptying the test databases."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import URL, text

from bourse.extensions import db, init_migrations
from tests.support import postgis


def new_database(backend: str, folder: Path) -> tuple[str, URL | None]:
    """A brand-new, empty database of ``backend``: its URL, and the PostgreSQL database to drop
    afterwards (None for an SQLite file in ``folder``). PostGIS being there is the caller's check."""
    if backend == "spatialite":
        return f"sqlite:///{folder / 'fresh.db'}", None
    made = postgis.create_database()
    return made.render_as_string(hide_password=False), made


def migrate_to_head(app: Flask) -> None:
    """Build the schema the way production does: Alembic migrations, not create_all."""
    init_migrations(app)
    with app.app_context():
        upgrade()


def empty_all_tables(app: Flask) -> None:
    """Remove every row the test left, children first, keeping the schema and the reference data
    its migrations wrote. (TRUNCATE fires no row trigger: the map cells are emptied with the rest.)"""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables) if not t.info.get("reference_data")]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))
