"""unit_match_lists: a unit's best projects kept by a job when thousands of projects want its town;
projects indexed by updated_at (the projects changed since a list was read)

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unit_match_lists",
        sa.Column("premises_id", sa.Integer(), sa.ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("premises_updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("weights_key", sa.String(64), nullable=False),
        sa.Column("considered", sa.Integer(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("project_ids", sa.JSON(), nullable=False),
        sa.Column("floor", sa.Float(), nullable=False),
    )
    op.create_index("ix_unit_match_lists_computed_at", "unit_match_lists", ["computed_at"])
    op.create_index("ix_projects_updated_at", "projects", ["updated_at"])


def downgrade():
    op.drop_index("ix_projects_updated_at", table_name="projects")
    op.drop_index("ix_unit_match_lists_computed_at", table_name="unit_match_lists")
    op.drop_table("unit_match_lists")
