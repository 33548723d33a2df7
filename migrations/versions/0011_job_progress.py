"""jobs: subject, who asked, progress and result (imports run as jobs with a progress bar)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('requested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('progress_done', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('progress_total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('result', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_jobs_requested_by_id_users'), 'users', ['requested_by_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index('ix_jobs_subject', ['subject', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_subject')
        batch_op.drop_constraint(batch_op.f('fk_jobs_requested_by_id_users'), type_='foreignkey')
        batch_op.drop_column('result')
        batch_op.drop_column('progress_total')
        batch_op.drop_column('progress_done')
        batch_op.drop_column('requested_by_id')
        batch_op.drop_column('subject')
