"""unit spells: each unit's runs of one state, built from its observations, for the observatory

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27

"""
from itertools import groupby

from alembic import op
import sqlalchemy as sa

from bourse.register.spells import spells_of  # a pure function of the observations, no model

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    spells = op.create_table('unit_spells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=30), nullable=True),
    sa.Column('obs_class', sa.String(length=12), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('start_day', sa.Integer(), nullable=False),
    sa.Column('end_day', sa.Integer(), nullable=True),
    sa.Column('start_month', sa.Integer(), nullable=False),
    sa.Column('end_month', sa.Integer(), nullable=True),
    sa.Column('prev_state', sa.String(length=10), nullable=True),
    sa.Column('prev_source', sa.String(length=10), nullable=True),
    sa.Column('prev_seen_day', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_unit_spells_town_id_towns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_spells_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_spells'))
    )
    op.create_index('ix_unit_spells_town_state', 'unit_spells', ['town_id', 'state', 'start_month'], unique=False)
    op.create_index(op.f('ix_unit_spells_unit_id'), 'unit_spells', ['unit_id'], unique=False)
    rows = op.get_bind().execute(sa.text(
        "SELECT o.unit_id, u.town_id, o.observed_on, o.state, o.source, o.sector, o.obs_class "
        "FROM unit_observations o JOIN units u ON u.id = o.unit_id ORDER BY o.unit_id, o.observed_on, o.id"))
    batch = []
    for (unit_id, town_id), seen in groupby(rows, key=lambda row: (row[0], row[1])):
        # SQLite hands dates back as text.
        observations = [(_day(row[2]), *row[3:]) for row in seen]
        batch.extend(spells_of(unit_id, town_id, observations))
        if len(batch) >= 5000:
            op.bulk_insert(spells, batch)
            batch = []
    if batch:
        op.bulk_insert(spells, batch)


def _day(value):
    from datetime import date
    return date.fromisoformat(value) if isinstance(value, str) else value


def downgrade():
    op.drop_index(op.f('ix_unit_spells_unit_id'), table_name='unit_spells')
    op.drop_index('ix_unit_spells_town_state', table_name='unit_spells')
    op.drop_table('unit_spells')
