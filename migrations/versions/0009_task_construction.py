"""task construction: how the extractor read a draft

Revision ID: 6c1f0d2a9b17
Revises: 4b37ee9e5293
Create Date: 2026-12-04 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '6c1f0d2a9b17'
down_revision = '4b37ee9e5293'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('construction', sa.String(length=32), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('construction')
