"""security: coordinator sessions that end

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 20:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('coordinator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('coordinator', schema=None) as batch_op:
        batch_op.drop_column('session_version')
