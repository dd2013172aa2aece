"""form submissions: each rendered form does its work once

Revision ID: a05b7c9d1f43
Revises: 9f4a6b8c0e32
Create Date: 2026-12-05 00:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a05b7c9d1f43'
down_revision = '9f4a6b8c0e32'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submission',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('form_submission')
