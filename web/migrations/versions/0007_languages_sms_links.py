"""eight interface languages, short personal links, text messages in the outbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 19:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_LOCALES = "locale IN ('fr', 'en')"
NEW_LOCALES = "locale IN ('fr', 'en', 'ar', 'uk', 'fa', 'ps', 'tr', 'es')"


def upgrade() -> None:
    for table in ('newcomer', 'volunteer'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_locale_value'), type_='check')
            batch_op.create_check_constraint(op.f(f'ck_{table}_locale_value'), NEW_LOCALES)
            batch_op.add_column(sa.Column('link_code', sa.String(length=16), nullable=True))
            batch_op.create_unique_constraint(op.f(f'uq_{table}_link_code'), ['link_code'])
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), nullable=False,
                                      server_default='email'))
        batch_op.create_check_constraint(op.f('ck_outbox_message_channel_value'),
                                         "channel IN ('email', 'sms')")
    op.create_table('rate_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_event'))
    )
    with op.batch_alter_table('rate_event', schema=None) as batch_op:
        batch_op.create_index('ix_rate_event_bucket_key_at', ['bucket', 'key', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rate_event', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_event_bucket_key_at')
    op.drop_table('rate_event')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_message_channel_value'), type_='check')
        batch_op.drop_column('channel')
    for table in ('newcomer', 'volunteer'):
        op.execute(sa.text(f"UPDATE {table} SET locale = 'fr' WHERE NOT ({OLD_LOCALES})"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'uq_{table}_link_code'), type_='unique')
            batch_op.drop_column('link_code')
            batch_op.drop_constraint(op.f(f'ck_{table}_locale_value'), type_='check')
            batch_op.create_check_constraint(op.f(f'ck_{table}_locale_value'), OLD_LOCALES)
