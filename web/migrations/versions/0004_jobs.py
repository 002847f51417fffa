"""scheduled jobs: the week a weekly run claimed, volunteer reminders, follow-ups

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 18:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('match_week',
    sa.Column('week', sa.String(length=10), nullable=False),
    sa.Column('match_run_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['match_run_id'], ['match_run.id'],
                            name=op.f('fk_match_week_match_run_id_match_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('week', name=op.f('pk_match_week'))
    )
    op.create_table('proposal_reminder',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'],
                            name=op.f('fk_proposal_reminder_proposal_id_proposal'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', name=op.f('pk_proposal_reminder'))
    )
    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('person_type', sa.String(length=12), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=4), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("person_type IN ('newcomer', 'volunteer')",
                       name=op.f('ck_followup_person_type_value')),
    sa.CheckConstraint("stage IN ('2w', '3m')", name=op.f('ck_followup_stage_value')),
    sa.CheckConstraint("answer IS NULL OR answer IN ('fine', 'not_met', 'not_working')",
                       name=op.f('ck_followup_answer_value')),
    sa.CheckConstraint("(answer IS NULL) = (answered_at IS NULL)",
                       name=op.f('ck_followup_answer_has_date')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'],
                            name=op.f('fk_followup_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup')),
    sa.UniqueConstraint('proposal_id', 'person_type', 'stage',
                        name='uq_followup_proposal_person_stage')
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_answered_at'), ['answered_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_answered_at'))
        batch_op.drop_index(batch_op.f('ix_followup_proposal_id'))
    op.drop_table('followup')
    op.drop_table('proposal_reminder')
    op.drop_table('match_week')
