"""The schema comes from the migrations, and the migrations agree with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from bourse import create_app
from bourse.extensions import db, init_migrations
from bourse.geo import migrations as geo_migrations
from tests.conftest import _unavailable, test_config
from tests.support import postgis
from tests.support.db import new_database


@pytest.fixture
def empty_app(backend, tmp_path, tile_server):
    """An app on a brand-new, empty database of ``backend``."""
    reason = postgis.unavailable_reason() if backend == "postgis" else None
    if reason:
        _unavailable(reason)
    url, drop = new_database(backend, tmp_path)
    app = create_app(test_config(url, tile_server))
    init_migrations(app)
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


def test_the_towns_shop_lists_become_register_units_with_their_trade(empty_app):
    upgrade(revision="0016")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO towns (name, insee_code, department_code, department_name, centre, "
                          "missing_sectors, match_weights, created_at) VALUES ('Auray', '56007', '56', 'Morbihan', "
                          "ST_GeomFromText('POINT(-2.981 47.668)', 4326), '[]', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO town_shops (town_id, name, sector, address, location) VALUES "
                          "(1, 'Le Fournil', 'food', '12, Rue du Lait', ST_GeomFromText('POINT(-2.983 47.668)', 4326)), "
                          "(1, 'Chez Marcel', 'restaurant', '', ST_GeomFromText('POINT(-2.982 47.669)', 4326))"))
    upgrade()
    with db.engine.connect() as conn:
        units = conn.execute(text("SELECT name, address_key, state, sector, obs_class, state_source, ST_X(location) "
                                  "FROM units ORDER BY name")).all()
        observations = conn.execute(text("SELECT state, sector, source, campaign_id IS NOT NULL FROM unit_observations"
                                         )).all()
        campaign = conn.execute(text("SELECT name, method FROM survey_campaigns")).all()
    assert units == [("Chez Marcel", "", "occupied", "restaurant", "leisure", "survey", -2.982),
                     ("Le Fournil", "12 rue du lait", "occupied", "food", "convenience", "survey", -2.983)]
    assert sorted(observations) == [("occupied", "food", "survey", True), ("occupied", "restaurant", "survey", True)]
    assert campaign == [("Liste des commerces", "file")]
    assert "town_shops" not in inspect(db.engine).get_table_names()
