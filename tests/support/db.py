"""Building and emptying the test databases."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from bourse.extensions import db, init_migrations


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
