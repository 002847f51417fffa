"""proposal.predicted_success: what the learned model expected of each pair

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 23:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: proposals made with the default weights (and every older one) have none.
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('predicted_success', sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_proposal_predicted_success_range'),
            'predicted_success IS NULL OR predicted_success BETWEEN 0 AND 1')


def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_proposal_predicted_success_range'), type_='check')
        batch_op.drop_column('predicted_success')
