"""sessions that can be ended, and failed logins to throttle by

Revision ID: 9f4a6b8c0e32
Revises: 8e3f5a7b9d21
Create Date: 2026-12-05 00:10:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '9f4a6b8c0e32'
down_revision = '8e3f5a7b9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))
    users = sa.table('user', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id).values(session_token=secrets.token_hex(16)))
    op.create_table(
        'login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=320), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_login_failure_scope_key_at', 'login_failure', ['scope', 'key', 'at'], unique=False)


def downgrade():
    op.drop_index('ix_login_failure_scope_key_at', table_name='login_failure')
    op.drop_table('login_failure')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_token')
