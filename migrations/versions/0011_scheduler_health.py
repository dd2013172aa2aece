"""scheduler health: the lease's heartbeat and each job's last run

Revision ID: 8e3f5a7b9d21
Revises: 7d2e4f6a8c10
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
import sqlalchemy as sa



revision = '8e3f5a7b9d21'
down_revision = '7d2e4f6a8c10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scheduler_lease', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewed_dt', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'job_run',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('last_started_dt', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_ok_dt', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error_dt', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_result', sa.Text(), server_default='', nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade():
    op.drop_table('job_run')
    with op.batch_alter_table('scheduler_lease', schema=None) as batch_op:
        batch_op.drop_column('renewed_dt')
