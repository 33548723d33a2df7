"""saved searches' filters as columns

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ... ADD COLUMN on both databases: no table rebuild, which SpatiaLite refuses
    # for a table with foreign keys.
    op.add_column('saved_searches', sa.Column('town_code', sa.String(length=5), nullable=True))
    op.add_column('saved_searches', sa.Column('sector', sa.String(length=30), nullable=True))
    op.add_column('saved_searches', sa.Column('min_area', sa.Numeric(precision=8, scale=1), nullable=True))
    op.add_column('saved_searches', sa.Column('max_area', sa.Numeric(precision=8, scale=1), nullable=True))
    op.add_column('saved_searches', sa.Column('max_rent', sa.Numeric(precision=12, scale=2), nullable=True))
    op.add_column('saved_searches', sa.Column('deal', sa.String(length=20), nullable=True))
    op.add_column('saved_searches', sa.Column('available_by', sa.Date(), nullable=True))
    op.add_column('saved_searches', sa.Column('step_free', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('saved_searches', sa.Column('extraction', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_geospatial_column('saved_searches', sa.Column('area', Geometry(geometry_type='POLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True))
    op.create_geospatial_index('idx_saved_searches_area', 'saved_searches', ['area'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index(op.f('ix_saved_searches_town_code'), 'saved_searches', ['town_code'], unique=False)
    _index_existing_searches()


def _index_existing_searches():
    """Fill the new columns of the searches saved before, from their query, with the app's own rules."""
    from sqlalchemy.orm import Session

    from bourse.notifications.models import SavedSearch
    from bourse.notifications.saved_searches import index_filters

    session = Session(bind=op.get_bind())
    for saved in session.query(SavedSearch).filter(SavedSearch.project_id.is_(None)):
        index_filters(saved, saved.query)
    session.flush()


def downgrade():
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_town_code'))
        batch_op.drop_geospatial_index('idx_saved_searches_area', postgresql_using='gist', column_name='area')
        batch_op.drop_geospatial_column('area')
        batch_op.drop_column('extraction')
        batch_op.drop_column('step_free')
        batch_op.drop_column('available_by')
        batch_op.drop_column('deal')
        batch_op.drop_column('max_rent')
        batch_op.drop_column('max_area')
        batch_op.drop_column('min_area')
        batch_op.drop_column('sector')
        batch_op.drop_column('town_code')

