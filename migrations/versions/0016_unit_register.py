"""unit register: units, their observations, and which unit each listing is about

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_geospatial_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('address_key', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=140), nullable=True),
    sa.Column('location', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_units_town_id_towns'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_units_location', ['location'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_units_address_key'), ['address_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_units_town_id'), ['town_id'], unique=False)

    op.create_table('unit_listings',
    sa.Column('premises_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_unit_listings_premises_id_premises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_listings_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('premises_id', name=op.f('pk_unit_listings'))
    )
    with op.batch_alter_table('unit_listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_listings_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=True),
    sa.Column('naf_code', sa.String(length=6), nullable=True),
    sa.Column('obs_class', sa.String(length=12), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("obs_class IS NULL OR obs_class IN ('convenience', 'comparison', 'leisure', 'service')", name=op.f('ck_unit_observations_class_valid')),
    sa.CheckConstraint("source IN ('survey', 'platform', 'sirene')", name=op.f('ck_unit_observations_source_valid')),
    sa.CheckConstraint("state IN ('occupied', 'vacant', 'works', 'gone')", name=op.f('ck_unit_observations_state_valid')),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_unit_observations_premises_id_premises'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_observations_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_observations'))
    )
    with op.batch_alter_table('unit_observations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_observations_premises_id'), ['premises_id'], unique=False)
        batch_op.create_index('ix_unit_observations_unit_day', ['unit_id', 'observed_on', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('unit_observations', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_observations_unit_day')
        batch_op.drop_index(batch_op.f('ix_unit_observations_premises_id'))

    op.drop_table('unit_observations')
    with op.batch_alter_table('unit_listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_listings_unit_id'))

    op.drop_table('unit_listings')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_town_id'))
        batch_op.drop_index(batch_op.f('ix_units_address_key'))
        batch_op.drop_geospatial_index('idx_units_location', postgresql_using='gist', column_name='location')

    op.drop_geospatial_table('units')
