"""projects, matching settings, notifications, outbox, saved searches, allocations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_email', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_outbox_status_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    op.create_index(op.f('ix_outbox_status'), 'outbox', ['status'], unique=False)
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    op.create_index(op.f('ix_notifications_user_id'), 'notifications', ['user_id'], unique=False)
    op.create_geospatial_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=140), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=False),
    sa.Column('concept', sa.Text(), nullable=False),
    sa.Column('min_area_m2', sa.Numeric(precision=8, scale=1), nullable=False),
    sa.Column('max_area_m2', sa.Numeric(precision=8, scale=1), nullable=False),
    sa.Column('max_rent_per_year', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('place_label', sa.String(length=255), nullable=False),
    sa.Column('location', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('radius_km', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('earliest_start', sa.Date(), nullable=True),
    sa.Column('need_extraction', sa.String(length=5), nullable=False),
    sa.Column('need_step_free', sa.String(length=5), nullable=False),
    sa.Column('need_frontage', sa.String(length=5), nullable=False),
    sa.Column('min_frontage_m', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('experience', sa.Text(), nullable=False),
    sa.Column('funding_secured', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('business_plan_key', sa.String(length=80), nullable=True),
    sa.Column('business_plan_name', sa.String(length=140), nullable=True),
    sa.Column('visible', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("need_extraction IN ('none', 'nice', 'must')", name=op.f('ck_projects_need_extraction_valid')),
    sa.CheckConstraint("need_frontage IN ('none', 'nice', 'must')", name=op.f('ck_projects_need_frontage_valid')),
    sa.CheckConstraint("need_step_free IN ('none', 'nice', 'must')", name=op.f('ck_projects_need_step_free_valid')),
    sa.CheckConstraint('max_rent_per_year >= 0', name=op.f('ck_projects_budget_not_negative')),
    sa.CheckConstraint('min_area_m2 > 0 AND max_area_m2 >= min_area_m2', name=op.f('ck_projects_area_range_valid')),
    sa.CheckConstraint('radius_km IS NULL OR (radius_km > 0 AND radius_km <= 200)', name=op.f('ck_projects_radius_range')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_projects_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    op.create_geospatial_index('idx_projects_location', 'projects', ['location'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_projects_owner_id'), 'projects', ['owner_id'], unique=False)
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
    op.create_table('project_towns',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_towns_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_project_towns_town_id_towns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'town_id', name=op.f('pk_project_towns'))
    )
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=140), nullable=False),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('min_score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_saved_searches_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )
    op.create_index(op.f('ix_saved_searches_user_id'), 'saved_searches', ['user_id'], unique=False)
    op.create_table('slot_allocations',
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_slot_allocations_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_slot_allocations_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_slot_allocations_slot_id_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('slot_id', name=op.f('pk_slot_allocations'))
    )
    op.create_index(op.f('ix_slot_allocations_project_id'), 'slot_allocations', ['project_id'], unique=False)
    # Existing rows get the same values a new row gets from the model's defaults.
    op.add_column('programmes', sa.Column('match_weights', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('towns', sa.Column('missing_sectors', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.add_column('towns', sa.Column('match_weights', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('users', sa.Column('email_notifications', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    op.drop_column('users', 'email_notifications')
    op.drop_column('towns', 'match_weights')
    op.drop_column('towns', 'missing_sectors')
    op.drop_column('programmes', 'match_weights')
    op.drop_index(op.f('ix_slot_allocations_project_id'), table_name='slot_allocations')
    op.drop_table('slot_allocations')
    op.drop_index(op.f('ix_saved_searches_user_id'), table_name='saved_searches')
    op.drop_table('saved_searches')
    op.drop_table('project_towns')
    op.drop_index(op.f('ix_town_shops_town_id'), table_name='town_shops')
    op.drop_index(op.f('ix_town_shops_sector'), table_name='town_shops')
    op.drop_geospatial_index('idx_town_shops_location', table_name='town_shops', postgresql_using='gist', column_name='location')
    op.drop_geospatial_table('town_shops')
    op.drop_index(op.f('ix_projects_owner_id'), table_name='projects')
    op.drop_geospatial_index('idx_projects_location', table_name='projects', postgresql_using='gist', column_name='location')
    op.drop_geospatial_table('projects')
    op.drop_index(op.f('ix_notifications_user_id'), table_name='notifications')
    op.drop_table('notifications')
    op.drop_index(op.f('ix_outbox_status'), table_name='outbox')
    op.drop_table('outbox')
