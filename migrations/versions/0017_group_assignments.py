"""group assignments: the tasks a notice gave to a group share one assignment row

Revision ID: e49f1a3b5d87
Revises: d38e0f2a4c76
Create Date: 2026-12-05 05:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e49f1a3b5d87'
down_revision = 'd38e0f2a4c76'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'group_assignment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('group_id', sa.Integer(), nullable=True),
        sa.Column('group_name', sa.String(length=255), nullable=False),
        sa.Column('created_dt', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_group_assignment_document_id_document'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['agency_group.id'],
                                name=op.f('fk_group_assignment_group_id_agency_group'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_group_assignment')),
    )
    op.create_index(op.f('ix_group_assignment_document_id'), 'group_assignment', ['document_id'])
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('assignment_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_task_assignment_id_group_assignment'), 'group_assignment',
                                 ['assignment_id'], ['id'], ondelete='SET NULL')
        batch.create_index(op.f('ix_task_assignment_id'), ['assignment_id'])
    _backfill()


def _backfill():
    """Tasks already confirmed from a group: those of one document, group and wording are one assignment."""
    bind = op.get_bind()
    shares = bind.execute(sa.text(
        "SELECT t.document_id, t.source_group_id, t.description, g.name FROM task t "
        "JOIN agency_group g ON g.id = t.source_group_id "
        "WHERE t.status <> 'draft' AND t.document_id IS NOT NULL "
        "GROUP BY t.document_id, t.source_group_id, t.description, g.name")).all()
    for document_id, group_id, description, group_name in shares:
        assignment_id = bind.execute(sa.text(
            "INSERT INTO group_assignment (document_id, group_id, group_name, created_dt) "
            "VALUES (:d, :g, :n, CURRENT_TIMESTAMP) RETURNING id"), {"d": document_id, "g": group_id, "n": group_name}
        ).scalar()
        bind.execute(sa.text(
            "UPDATE task SET assignment_id = :a WHERE document_id = :d AND source_group_id = :g "
            "AND description = :t AND status <> 'draft'"),
            {"a": assignment_id, "d": document_id, "g": group_id, "t": description})


def downgrade():
    with op.batch_alter_table('task') as batch:
        batch.drop_index(op.f('ix_task_assignment_id'))
        batch.drop_constraint(op.f('fk_task_assignment_id_group_assignment'), type_='foreignkey')
        batch.drop_column('assignment_id')
    op.drop_index(op.f('ix_group_assignment_document_id'), table_name='group_assignment')
    op.drop_table('group_assignment')
