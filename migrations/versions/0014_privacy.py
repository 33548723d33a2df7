"""users: alert e-mail consent, inactivity warning and deletion times (privacy)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

COLUMNS = ('alert_emails_consent_at', 'inactivity_warned_at', 'deleted_at')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
