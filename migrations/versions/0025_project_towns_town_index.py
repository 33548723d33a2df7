"""project_towns: an index on town_id (the projects wanting a town, for a unit's candidates)

Revision ID: 0025
Revises: 0024
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_project_towns_town_id", "project_towns", ["town_id"])


def downgrade():
    op.drop_index("ix_project_towns_town_id", table_name="project_towns")
