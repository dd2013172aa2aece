"""task changes after confirmation: a 'changed' history entry, and withdrawn documents

Revision ID: d38e0f2a4c76
Revises: c27d9e1f3b65
Create Date: 2026-12-05 03:20:00

"""
from alembic import op


revision = 'd38e0f2a4c76'
down_revision = 'c27d9e1f3b65'
branch_labels = None
depends_on = None

HISTORY_KINDS = ('created', 'assigned', 'notified', 'progress_reported', 'completed', 'completion_confirmed',
                 'returned', 'extension_requested', 'extension_approved', 'extension_rejected', 'reopened',
                 'postponed', 'cancelled', 'escalated', 'comment')
DOCUMENT_STATUSES = ('draft', 'confirmed')


def _check(table: str, name: str, column: str, values: tuple[str, ...]) -> None:
    """Replace an enum's CHECK constraint (the enums are stored as strings with a CHECK)."""
    allowed = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table(table) as batch:  # SQLite: the table is copied with the new constraint
        batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch.create_check_constraint(op.f(f"ck_{table}_{name}"), f"{column} IN ({allowed})")


def upgrade():
    _check('task_history', 'history_kind', 'kind', HISTORY_KINDS + ('changed',))
    _check('document', 'document_status', 'status', DOCUMENT_STATUSES + ('withdrawn',))


def downgrade():
    _check('document', 'document_status', 'status', DOCUMENT_STATUSES)
    _check('task_history', 'history_kind', 'kind', HISTORY_KINDS)
