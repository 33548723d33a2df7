"""premises photos, programmes, calls and slots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa

from bourse.geo.database import add_no_overlap_constraint


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('premises_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_cover', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_premises_photos_premises_id_premises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premises_photos')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_premises_photos_storage_key'))
    )
    op.create_index(op.f('ix_premises_photos_premises_id'), 'premises_photos', ['premises_id'], unique=False)
    op.create_index('uq_premises_photos_cover', 'premises_photos', ['premises_id'], unique=True, sqlite_where=sa.text('is_cover'), postgresql_where=sa.text('is_cover'))
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('support', sa.JSON(), nullable=False),
    sa.Column('support_details', sa.Text(), nullable=False),
    sa.Column('trial_months', sa.Integer(), nullable=False),
    sa.Column('renewable_once', sa.Boolean(), nullable=False),
    sa.Column('follow_on_lease', sa.String(length=20), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('trial_months BETWEEN 1 AND 36', name=op.f('ck_programmes_trial_months_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_programmes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_programmes_premises_id_premises'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_programmes_town_id_towns'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    op.create_index(op.f('ix_programmes_premises_id'), 'programmes', ['premises_id'], unique=False)
    op.create_index(op.f('ix_programmes_town_id'), 'programmes', ['town_id'], unique=False)
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at IS NOT NULL', name=op.f('ck_calls_has_deadline')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_calls_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls'))
    )
    op.create_index(op.f('ix_calls_programme_id'), 'calls', ['programme_id'], unique=False)
    op.create_table('slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('rent_per_month', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_slots_ends_after_start')),
    sa.CheckConstraint('rent_per_month >= 0', name=op.f('ck_slots_rent_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_slots_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_slots_premises_id_premises'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slots'))
    )
    op.create_index(op.f('ix_slots_call_id'), 'slots', ['call_id'], unique=False)
    op.create_index(op.f('ix_slots_premises_id'), 'slots', ['premises_id'], unique=False)
    # One unit's slots never overlap: an exclusion constraint on PostgreSQL (no-op on SQLite).
    add_no_overlap_constraint(op.get_bind())


def downgrade():
    op.drop_index(op.f('ix_slots_premises_id'), table_name='slots')
    op.drop_index(op.f('ix_slots_call_id'), table_name='slots')
    op.drop_table('slots')
    op.drop_index(op.f('ix_calls_programme_id'), table_name='calls')
    op.drop_table('calls')
    op.drop_index(op.f('ix_programmes_town_id'), table_name='programmes')
    op.drop_index(op.f('ix_programmes_premises_id'), table_name='programmes')
    op.drop_table('programmes')
    op.drop_index('uq_premises_photos_cover', table_name='premises_photos', sqlite_where=sa.text('is_cover'), postgresql_where=sa.text('is_cover'))
    op.drop_index(op.f('ix_premises_photos_premises_id'), table_name='premises_photos')
    op.drop_table('premises_photos')
