"""newcomer.last_initial, volunteer.last_initial: the initial of the last name

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABLES = ('newcomer', 'volunteer')


def upgrade() -> None:
    # Nullable: the letter is optional, and nobody registered before has one.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('last_initial', sa.String(length=1), nullable=True))
            batch_op.create_check_constraint(
                op.f(f'ck_{table}_last_initial_length'),
                'last_initial IS NULL OR length(last_initial) = 1')


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_last_initial_length'), type_='check')
            batch_op.drop_column('last_initial')
