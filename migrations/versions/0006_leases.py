"""leases, rent steps, reminders

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('leases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('lease_type', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('renewal_decision_on', sa.Date(), nullable=True),
    sa.Column('converts_to', sa.String(length=20), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_leases_ends_after_start')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_leases_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leases')),
    sa.UniqueConstraint('application_id', name=op.f('uq_leases_application_id'))
    )
    op.create_table('lease_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lease_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lease_id'], ['leases.id'], name=op.f('fk_lease_reminders_lease_id_leases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lease_reminders'))
    )
    op.create_index('uq_lease_reminders_once', 'lease_reminders', ['lease_id', 'kind', 'due_on'], unique=True)
    op.create_table('rent_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lease_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('monthly_rent', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_rent_steps_ends_after_start')),
    sa.CheckConstraint('monthly_rent >= 0', name=op.f('ck_rent_steps_rent_not_negative')),
    sa.ForeignKeyConstraint(['lease_id'], ['leases.id'], name=op.f('fk_rent_steps_lease_id_leases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rent_steps'))
    )
    op.create_index(op.f('ix_rent_steps_lease_id'), 'rent_steps', ['lease_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_rent_steps_lease_id'), table_name='rent_steps')
    op.drop_table('rent_steps')
    op.drop_index('uq_lease_reminders_once', table_name='lease_reminders')
    op.drop_table('lease_reminders')
    op.drop_table('leases')
