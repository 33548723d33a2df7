"""The schema comes from the migrations, and the migrations agree with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from bourse import create_app
from bourse.extensions import db
from bourse.geo import migrations as geo_migrations
from tests.conftest import _unavailable, test_config
from tests.support import postgis


@pytest.fixture
def empty_app(backend, tmp_path, tile_server):
    """An app on a brand-new, empty database of ``backend``."""
    if backend == "spatialite":
        url, drop = f"sqlite:///{tmp_path / 'fresh.db'}", None
    else:
        reason = postgis.unavailable_reason()
        if reason:
            _unavailable(reason)
        fresh = postgis.create_database()
        url, drop = fresh.render_as_string(hide_password=False), fresh
    app = create_app(test_config(url, tile_server))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if drop is not None:
        postgis.drop_database(drop)


def _differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts=geo_migrations.configure_args(conn.dialect.name))
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_a_schema_identical_to_the_models(empty_app):
    assert "users" not in inspect(db.engine).get_table_names()
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"users", "towns", "premises", "premises_status_changes", "town_managers"} <= tables
    assert _differences() == []


def test_spatial_indexes_exist_after_upgrade(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            enabled = conn.execute(text(
                "SELECT f_table_name || '.' || f_geometry_column FROM geometry_columns WHERE spatial_index_enabled = 1"
            )).scalars().all()
        else:
            enabled = conn.execute(text(
                "SELECT tablename || '.' || replace(indexname, 'idx_' || tablename || '_', '') FROM pg_indexes "
                "WHERE indexdef ILIKE '%USING gist%'"
            )).scalars().all()
    assert {"premises.location", "towns.centre", "towns.perimeter"} <= set(enabled)


def test_downgrade_then_upgrade_round_trips(empty_app):
    upgrade()
    downgrade(revision="base")
    assert "premises" not in inspect(db.engine).get_table_names()
    upgrade()
    assert _differences() == []
