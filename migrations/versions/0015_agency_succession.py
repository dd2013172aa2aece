"""agency succession: merged, renamed or dissolved bodies and their successors

Revision ID: c27d9e1f3b65
Revises: b16c8d0e2a54
Create Date: 2026-12-05 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c27d9e1f3b65'
down_revision = 'b16c8d0e2a54'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency') as batch:
        batch.add_column(sa.Column('successor_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('succeeded_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('succession', sa.String(length=16), server_default='', nullable=False))
        batch.create_foreign_key('fk_agency_successor_id_agency', 'agency', ['successor_id'], ['id'],
                                 ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('agency') as batch:
        batch.drop_constraint('fk_agency_successor_id_agency', type_='foreignkey')
        batch.drop_column('succession')
        batch.drop_column('succeeded_on')
        batch.drop_column('successor_id')
