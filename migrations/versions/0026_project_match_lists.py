"""project_match_lists: a project's best units kept by a job when its towns or radius hold many

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_match_lists",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("project_updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("weights_key", sa.String(64), nullable=False),
        sa.Column("considered", sa.Integer(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("premises_ids", sa.JSON(), nullable=False),
        sa.Column("floor", sa.Float(), nullable=False),
    )
    op.create_index("ix_project_match_lists_computed_at", "project_match_lists", ["computed_at"])


def downgrade():
    op.drop_index("ix_project_match_lists_computed_at", table_name="project_match_lists")
    op.drop_table("project_match_lists")
