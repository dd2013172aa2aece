"""task revision: the optimistic lock that makes every task change happen once

Revision ID: 7d2e4f6a8c10
Revises: 6c1f0d2a9b17
Create Date: 2026-12-04 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7d2e4f6a8c10'
down_revision = '6c1f0d2a9b17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('revision')
