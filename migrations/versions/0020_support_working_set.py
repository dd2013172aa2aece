"""what an agency coordinates, over the working set: task_support carries its task's archived flag

Revision ID: b7c2d4e6f8a0
Revises: a6b1c3d5e7f9
Create Date: 2026-12-05 09:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c2d4e6f8a0'
down_revision = 'a6b1c3d5e7f9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task_support') as batch:
        batch.add_column(sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE task_support SET archived = (SELECT task.archived FROM task WHERE task.id = task_support.task_id)")
    # the predicate as each backend renders `NOT archived` in queries, so each planner matches it
    op.create_index('ix_task_support_working', 'task_support', ['agency_id', 'task_id'],
                    postgresql_where=sa.text("NOT archived"), sqlite_where=sa.text("archived = 0"))


def downgrade():
    op.drop_index('ix_task_support_working', table_name='task_support')
    with op.batch_alter_table('task_support') as batch:
        batch.drop_column('archived')
