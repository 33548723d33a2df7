"""perimeters: each validated version of a town-centre perimeter, and its named zones

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _area():
    return Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False,
                    from_text='ST_GeomFromEWKT', name='geometry', nullable=False)


def upgrade():
    op.create_geospatial_table('perimeters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('area', _area(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('validated_by', sa.Integer(), nullable=True),
    sa.Column('validated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_perimeters_town_id_towns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['validated_by'], ['users.id'], name=op.f('fk_perimeters_validated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perimeters')),
    sa.UniqueConstraint('town_id', 'version', name='uq_perimeters_town_version')
    )
    op.create_geospatial_index('idx_perimeters_area', 'perimeters', ['area'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_perimeters_town_id'), 'perimeters', ['town_id'], unique=False)
    op.create_geospatial_table('perimeter_zones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perimeter_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('area', _area(), nullable=False),
    sa.ForeignKeyConstraint(['perimeter_id'], ['perimeters.id'], name=op.f('fk_perimeter_zones_perimeter_id_perimeters'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perimeter_zones'))
    )
    op.create_geospatial_index('idx_perimeter_zones_area', 'perimeter_zones', ['area'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_perimeter_zones_perimeter_id'), 'perimeter_zones', ['perimeter_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_perimeter_zones_perimeter_id'), table_name='perimeter_zones')
    op.drop_geospatial_index('idx_perimeter_zones_area', table_name='perimeter_zones', column_name='area')
    op.drop_geospatial_table('perimeter_zones')
    op.drop_index(op.f('ix_perimeters_town_id'), table_name='perimeters')
    op.drop_geospatial_index('idx_perimeters_area', table_name='perimeters', column_name='area')
    op.drop_geospatial_table('perimeters')
