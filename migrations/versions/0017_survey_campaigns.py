"""survey campaigns; each unit keeps its current state; the towns' shop lists become register data

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26

The shops a manager imported for the trade-mix criterion (town_shops) were a survey in all but
name: each becomes a unit with one "occupied" observation, in one campaign per town, and the
table goes. Columns are added with plain ALTER TABLE (no batch rebuild), since rebuilding a
SpatiaLite geometry table loses its registration.
"""
import re
import unicodedata
from datetime import date, datetime, timezone

from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# Frozen copies: a migration must keep doing what it did when it was written.
CLASSES = {"food": "convenience", "restaurant": "leisure", "personal_goods": "comparison",
           "home_culture": "comparison", "health_beauty": "service", "services": "service", "crafts": "comparison"}


def _address_key(address):
    plain = unicodedata.normalize("NFKD", address or "").encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"\b\d{5}\b.*$", "", plain)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())[:255]


def upgrade():
    op.create_table('survey_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=140), nullable=False),
    sa.Column('surveyed_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=140), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_survey_campaigns_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_survey_campaigns_town_id_towns'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_campaigns'))
    )
    op.create_index(op.f('ix_survey_campaigns_town_id'), 'survey_campaigns', ['town_id'], unique=False)

    for name, type_ in (('state', sa.String(length=10)), ('state_since', sa.Date()), ('state_source', sa.String(length=10)),
                        ('sector', sa.String(length=30)), ('obs_class', sa.String(length=12)),
                        ('owner_name', sa.String(length=140)), ('owner_email', sa.String(length=254)),
                        ('owner_phone', sa.String(length=40)), ('owner_invited_at', sa.DateTime(timezone=True))):
        op.add_column('units', sa.Column(name, type_, nullable=True))
    op.create_index('ix_units_town_state', 'units', ['town_id', 'state'], unique=False)

    # unit_observations has no geometry: a batch rebuild on SQLite is safe, and needed for the foreign key.
    with op.batch_alter_table('unit_observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ref', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('name', sa.String(length=140), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_unit_observations_campaign_id_survey_campaigns'),
                                    'survey_campaigns', ['campaign_id'], ['id'], ondelete='RESTRICT')
    op.create_index(op.f('ix_unit_observations_campaign_id'), 'unit_observations', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_unit_observations_ref'), 'unit_observations', ['ref'], unique=False)

    bind = op.get_bind()
    _refresh_current(bind)
    _shops_to_register(bind)
    op.drop_index(op.f('ix_town_shops_sector'), table_name='town_shops')
    op.drop_index(op.f('ix_town_shops_town_id'), table_name='town_shops')
    op.drop_geospatial_index('idx_town_shops_location', table_name='town_shops', column_name='location')
    op.drop_geospatial_table('town_shops')


def _refresh_current(bind):
    """Each existing unit's current state, from its observations (few at this point)."""
    rows = bind.execute(sa.text(
        "SELECT unit_id, observed_on, state, source, sector, obs_class FROM unit_observations "
        "ORDER BY unit_id, observed_on, id")).all()
    current = {}
    for unit_id, observed_on, state, source, sector, obs_class in rows:
        before = current.get(unit_id)
        since = before["since"] if before and before["state"] == state else observed_on
        current[unit_id] = {"state": state, "since": since, "source": source, "sector": sector, "cls": obs_class}
    for unit_id, now in current.items():
        bind.execute(sa.text("UPDATE units SET state = :state, state_since = :since, state_source = :source, "
                             "sector = :sector, obs_class = :cls WHERE id = :id"), {**now, "id": unit_id})


def _shops_to_register(bind):
    shops = bind.execute(sa.text(
        "SELECT id, town_id, name, sector, address, ST_AsText(location) FROM town_shops ORDER BY town_id, id")).all()
    today, now = date.today(), datetime.now(timezone.utc)
    campaigns = {}
    for _id, town_id, name, sector, address, wkt in shops:
        if town_id not in campaigns:
            campaigns[town_id] = bind.execute(sa.text(
                "INSERT INTO survey_campaigns (town_id, name, surveyed_on, method, created_at) "
                "VALUES (:town, :name, :day, 'file', :now) RETURNING id"),
                {"town": town_id, "name": "Liste des commerces", "day": today, "now": now}).scalar_one()
        unit_id = bind.execute(sa.text(
            "INSERT INTO units (town_id, address, address_key, name, location, created_at, state, state_since, "
            "state_source, sector, obs_class) VALUES (:town, :address, :key, :name, ST_GeomFromText(:wkt, 4326), "
            ":now, 'occupied', :day, 'survey', :sector, :cls) RETURNING id"),
            {"town": town_id, "address": address or "", "key": _address_key(address), "name": name, "wkt": wkt,
             "now": now, "day": today, "sector": sector, "cls": CLASSES.get(sector)}).scalar_one()
        bind.execute(sa.text(
            "INSERT INTO unit_observations (unit_id, observed_on, state, sector, obs_class, source, note, "
            "campaign_id, name, created_at) VALUES (:unit, :day, 'occupied', :sector, :cls, 'survey', '', "
            ":campaign, :name, :now)"),
            {"unit": unit_id, "day": today, "sector": sector, "cls": CLASSES.get(sector),
             "campaign": campaigns[town_id], "name": name, "now": now})


def downgrade():
    op.create_geospatial_table('town_shops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=140), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('location', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_town_shops_town_id_towns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_town_shops'))
    )
    op.create_geospatial_index('idx_town_shops_location', 'town_shops', ['location'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_town_shops_sector'), 'town_shops', ['sector'], unique=False)
    op.create_index(op.f('ix_town_shops_town_id'), 'town_shops', ['town_id'], unique=False)
    # The register keeps the shops (as units); going back leaves the list empty rather than guess.
    op.drop_index(op.f('ix_unit_observations_ref'), table_name='unit_observations')
    op.drop_index(op.f('ix_unit_observations_campaign_id'), table_name='unit_observations')
    with op.batch_alter_table('unit_observations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_unit_observations_campaign_id_survey_campaigns'), type_='foreignkey')
        batch_op.drop_column('name')
        batch_op.drop_column('ref')
        batch_op.drop_column('campaign_id')
    op.drop_index('ix_units_town_state', table_name='units')
    for name in ('owner_invited_at', 'owner_phone', 'owner_email', 'owner_name', 'obs_class', 'sector',
                 'state_source', 'state_since', 'state'):
        op.drop_column('units', name)
    op.drop_index(op.f('ix_survey_campaigns_town_id'), table_name='survey_campaigns')
    op.drop_table('survey_campaigns')
