"""initial schema: users, towns, premises

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

from bourse.geo.database import ensure_extensions

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # PostGIS must exist before the first geometry column; a no-op on SpatiaLite.
    ensure_extensions(op.get_bind())
    op.create_geospatial_table('towns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('insee_code', sa.String(length=5), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=False),
    sa.Column('department_name', sa.String(length=80), nullable=False),
    sa.Column('centre', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('perimeter', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(insee_code) = 5', name=op.f('ck_towns_insee_code_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_towns')),
    sa.UniqueConstraint('insee_code', name=op.f('uq_towns_insee_code'))
    )
    op.create_geospatial_index('idx_towns_centre', 'towns', ['centre'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_geospatial_index('idx_towns_perimeter', 'towns', ['perimeter'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('entrepreneur', 'landlord', 'town_manager', 'jury_member', 'admin')", name=op.f('ck_users_role_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('session_token', name=op.f('uq_users_session_token'))
    )
    op.create_geospatial_table('premises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('location', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('sales_area_m2', sa.Numeric(precision=8, scale=1), nullable=False),
    sa.Column('storage_area_m2', sa.Numeric(precision=8, scale=1), nullable=True),
    sa.Column('total_area_m2', sa.Numeric(precision=8, scale=1), nullable=True),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('frontage_m', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('deal_type', sa.String(length=20), nullable=False),
    sa.Column('rent_per_year', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('charges_per_year', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('deposit', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('key_money', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('lease_types', sa.JSON(), nullable=False),
    sa.Column('allowed_sectors', sa.JSON(), nullable=False),
    sa.Column('excluded_sectors', sa.JSON(), nullable=False),
    sa.Column('current_sector', sa.String(length=30), nullable=True),
    sa.Column('has_extraction', sa.Boolean(), nullable=False),
    sa.Column('step_free_access', sa.Boolean(), nullable=False),
    sa.Column('erp_compliant', sa.Boolean(), nullable=False),
    sa.Column('dpe_class', sa.String(length=1), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("deal_type IN ('to_let', 'lease_transfer', 'walls_for_sale', 'business_for_sale')", name=op.f('ck_premises_deal_type_valid')),
    sa.CheckConstraint("dpe_class IS NULL OR dpe_class IN ('A','B','C','D','E','F','G')", name=op.f('ck_premises_dpe_valid')),
    sa.CheckConstraint("status IN ('draft', 'published', 'under_offer', 'let', 'withdrawn')", name=op.f('ck_premises_status_valid')),
    sa.CheckConstraint('rent_per_year IS NULL OR rent_per_year >= 0', name=op.f('ck_premises_rent_not_negative')),
    sa.CheckConstraint('sales_area_m2 > 0', name=op.f('ck_premises_sales_area_positive')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_premises_owner_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_premises_town_id_towns'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premises')),
    sa.UniqueConstraint('reference', name=op.f('uq_premises_reference'))
    )
    op.create_geospatial_index('idx_premises_location', 'premises', ['location'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_premises_owner_id'), 'premises', ['owner_id'], unique=False)
    op.create_index(op.f('ix_premises_status'), 'premises', ['status'], unique=False)
    op.create_index(op.f('ix_premises_town_id'), 'premises', ['town_id'], unique=False)
    op.create_table('town_managers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_town_managers_town_id_towns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_town_managers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'town_id', name=op.f('pk_town_managers'))
    )
    op.create_table('premises_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("to_status IN ('draft', 'published', 'under_offer', 'let', 'withdrawn')", name=op.f('ck_premises_status_changes_to_status_valid')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_premises_status_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_premises_status_changes_premises_id_premises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premises_status_changes'))
    )
    op.create_index(op.f('ix_premises_status_changes_premises_id'), 'premises_status_changes', ['premises_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_premises_status_changes_premises_id'), table_name='premises_status_changes')
    op.drop_table('premises_status_changes')
    op.drop_table('town_managers')
    op.drop_index(op.f('ix_premises_town_id'), table_name='premises')
    op.drop_index(op.f('ix_premises_status'), table_name='premises')
    op.drop_index(op.f('ix_premises_owner_id'), table_name='premises')
    op.drop_geospatial_index('idx_premises_location', table_name='premises', postgresql_using='gist', column_name='location')
    op.drop_geospatial_table('premises')
    op.drop_table('users')
    op.drop_geospatial_index('idx_towns_perimeter', table_name='towns', postgresql_using='gist', column_name='perimeter')
    op.drop_geospatial_index('idx_towns_centre', table_name='towns', postgresql_using='gist', column_name='centre')
    op.drop_geospatial_table('towns')
