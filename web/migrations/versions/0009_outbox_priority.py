"""outbox priority: links and alerts go out before a matching run's bulk e-mails

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 21:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# A copy of web.services.priorities at this revision (a migration must not change when the
# application's table does); kinds not listed keep the normal priority, 2.
PRIORITY_KINDS = {
    0: ('link', 'newcomer_welcome', 'volunteer_welcome'),
    1: ('problem_alert', 'introduction', 'proposal_newcomer', 'pairing_ended',
        'outing_decision', 'gathering_cancelled', 'gathering_place_free'),
    3: ('proposal_volunteer', 'reminder_volunteer', 'weekly_digest', 'gathering_invitation',
        'followup'),
}


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.SmallInteger(), nullable=False,
                                      server_default='2'))
        batch_op.create_check_constraint(op.f('ck_outbox_message_priority_range'),
                                         'priority BETWEEN 0 AND 3')
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.create_index('ix_outbox_message_due', ['status', 'priority', 'next_attempt_at'],
                              unique=False)
    outbox = sa.table('outbox_message', sa.column('kind', sa.String),
                      sa.column('priority', sa.SmallInteger))
    for priority, kinds in PRIORITY_KINDS.items():
        op.execute(outbox.update().where(outbox.c.kind.in_(kinds)).values(priority=priority))


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.create_index('ix_outbox_message_due', ['status', 'next_attempt_at'],
                              unique=False)
        batch_op.drop_constraint(op.f('ck_outbox_message_priority_range'), type_='check')
        batch_op.drop_column('priority')
