"""premises: the cover photo on the row (has_photo, cover_photo_key) and indexes for the search orders and the map's freshness

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both backends: a batch rebuild of the table would drop its triggers.
    op.add_column("premises", sa.Column("has_photo", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("premises", sa.Column("cover_photo_key", sa.String(80), nullable=True))
    op.execute("UPDATE premises SET has_photo = EXISTS (SELECT 1 FROM premises_photos AS ph "
               "WHERE ph.premises_id = premises.id), cover_photo_key = (SELECT ph.storage_key FROM premises_photos "
               "AS ph WHERE ph.premises_id = premises.id ORDER BY ph.is_cover DESC, ph.position LIMIT 1)")
    op.create_index("ix_premises_search_relevance", "premises", ["status", "has_photo", "updated_at", "id"])
    op.create_index("ix_premises_search_area", "premises", ["status", "sales_area_m2", "id"])
    op.create_index("ix_premises_updated_at", "premises", ["updated_at"])


def downgrade():
    op.drop_index("ix_premises_updated_at", table_name="premises")
    op.drop_index("ix_premises_search_area", table_name="premises")
    op.drop_index("ix_premises_search_relevance", table_name="premises")
    for column in ("cover_photo_key", "has_photo"):  # no batch rebuild: it would drop the triggers
        op.execute(f"ALTER TABLE premises DROP COLUMN {column}")
