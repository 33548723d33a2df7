"""jury members, conflicts, scores, decisions; documents a call asks for

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jury_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('reason_not_selected', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_jury_decisions_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_jury_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_decisions')),
    sa.UniqueConstraint('call_id', name=op.f('uq_jury_decisions_call_id'))
    )
    op.create_table('jury_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_jury_members_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_jury_members_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_jury_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_members')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_jury_members_token_hash'))
    )
    op.create_index(op.f('ix_jury_members_call_id'), 'jury_members', ['call_id'], unique=False)
    op.create_index(op.f('ix_jury_members_user_id'), 'jury_members', ['user_id'], unique=False)
    op.create_index('uq_jury_members_call_email', 'jury_members', ['call_id', 'email'], unique=True)
    op.create_table('jury_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_jury_conflicts_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['jury_members.id'], name=op.f('fk_jury_conflicts_member_id_jury_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_conflicts'))
    )
    op.create_index(op.f('ix_jury_conflicts_application_id'), 'jury_conflicts', ['application_id'], unique=False)
    op.create_index(op.f('ix_jury_conflicts_member_id'), 'jury_conflicts', ['member_id'], unique=False)
    op.create_index('uq_jury_conflicts_once', 'jury_conflicts', ['member_id', 'application_id'], unique=True)
    op.create_table('jury_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('criterion >= 0', name=op.f('ck_jury_scores_criterion_not_negative')),
    sa.CheckConstraint('score >= 0', name=op.f('ck_jury_scores_score_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_jury_scores_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['jury_members.id'], name=op.f('fk_jury_scores_member_id_jury_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jury_scores'))
    )
    op.create_index(op.f('ix_jury_scores_application_id'), 'jury_scores', ['application_id'], unique=False)
    op.create_index(op.f('ix_jury_scores_member_id'), 'jury_scores', ['member_id'], unique=False)
    op.create_index('uq_jury_scores_once', 'jury_scores', ['member_id', 'application_id', 'criterion'], unique=True)
    op.add_column('application_documents', sa.Column('kind', sa.String(length=120), nullable=True))
    op.add_column('programmes', sa.Column('score_max', sa.Integer(), server_default='10', nullable=False))
    op.add_column('programmes', sa.Column('required_documents', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    op.drop_column('programmes', 'required_documents')
    op.drop_column('programmes', 'score_max')
    op.drop_column('application_documents', 'kind')
    op.drop_index('uq_jury_scores_once', table_name='jury_scores')
    op.drop_index(op.f('ix_jury_scores_member_id'), table_name='jury_scores')
    op.drop_index(op.f('ix_jury_scores_application_id'), table_name='jury_scores')
    op.drop_table('jury_scores')
    op.drop_index('uq_jury_conflicts_once', table_name='jury_conflicts')
    op.drop_index(op.f('ix_jury_conflicts_member_id'), table_name='jury_conflicts')
    op.drop_index(op.f('ix_jury_conflicts_application_id'), table_name='jury_conflicts')
    op.drop_table('jury_conflicts')
    op.drop_index('uq_jury_members_call_email', table_name='jury_members')
    op.drop_index(op.f('ix_jury_members_user_id'), table_name='jury_members')
    op.drop_index(op.f('ix_jury_members_call_id'), table_name='jury_members')
    op.drop_table('jury_members')
    op.drop_table('jury_decisions')
