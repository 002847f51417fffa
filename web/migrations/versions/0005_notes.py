"""coordinators' notes about people

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 18:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("target_type IN ('newcomer', 'volunteer')",
                       name=op.f('ck_note_target_value')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['coordinator.id'],
                            name=op.f('fk_note_coordinator_id_coordinator'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index('ix_note_target', ['target_type', 'target_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index('ix_note_target')

    op.drop_table('note')
