"""the working set: archived tasks, the list's order index, finished-task index, dashboard figures

Revision ID: a6b1c3d5e7f9
Revises: f5a0b2c4d6e8
Create Date: 2026-12-05 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a6b1c3d5e7f9'
down_revision = 'f5a0b2c4d6e8'
branch_labels = None
depends_on = None



def upgrade():
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('archived', sa.Boolean(), server_default=sa.false(), nullable=False))
    # the predicate as each backend renders `NOT archived` in queries, so each planner matches it
    op.create_index('ix_task_list_order', 'task', ['due_date', 'id'], postgresql_where=sa.text("NOT archived"),
                    sqlite_where=sa.text("archived = 0"))
    op.create_index('ix_task_lead_order', 'task', ['lead_agency_id', 'due_date', 'id'],
                    postgresql_where=sa.text("NOT archived"), sqlite_where=sa.text("archived = 0"))
    op.create_index('ix_task_completed', 'task', ['completed_date'])
    op.create_table(
        'figures_snapshot',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('computed_dt', sa.DateTime(timezone=True), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_figures_snapshot')),
    )


def downgrade():
    op.drop_table('figures_snapshot')
    op.drop_index('ix_task_completed', table_name='task')
    op.drop_index('ix_task_lead_order', table_name='task')
    op.drop_index('ix_task_list_order', table_name='task')
    with op.batch_alter_table('task') as batch:
        batch.drop_column('archived')
