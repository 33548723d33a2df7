"""observatory snapshots: each town's figures frozen once a month is over

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('observatory_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('perimeter_id', sa.Integer(), nullable=False),
    sa.Column('perimeter_version', sa.Integer(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['perimeter_id'], ['perimeters.id'], name=op.f('fk_observatory_snapshots_perimeter_id_perimeters'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_observatory_snapshots_town_id_towns'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observatory_snapshots')),
    sa.UniqueConstraint('town_id', 'month', name='uq_observatory_snapshots_town_month')
    )


def downgrade():
    op.drop_table('observatory_snapshots')
