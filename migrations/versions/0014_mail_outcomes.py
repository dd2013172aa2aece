"""mail outcomes: queue previews and handling errors kept, failing agency addresses, answers to invitations

Revision ID: b16c8d0e2a54
Revises: a05b7c9d1f43
Create Date: 2026-12-05 02:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b16c8d0e2a54'
down_revision = 'a05b7c9d1f43'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inbound_message') as batch:
        batch.add_column(sa.Column('preview', sa.Text(), server_default='', nullable=False))
        batch.add_column(sa.Column('attachment_names', sa.Text(), server_default='', nullable=False))
        batch.add_column(sa.Column('error', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('agency_email') as batch:
        batch.add_column(sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('failing_reason', sa.Text(), server_default='', nullable=False))
    op.create_table(
        'meeting_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('answer', sa.Enum('accepted', 'tentative', 'declined', name='invitation_answer', native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('answered_dt', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_id', 'address'),
    )
    op.create_index('ix_meeting_response_meeting_id', 'meeting_response', ['meeting_id'])


def downgrade():
    op.drop_index('ix_meeting_response_meeting_id', table_name='meeting_response')
    op.drop_table('meeting_response')
    with op.batch_alter_table('agency_email') as batch:
        batch.drop_column('failing_reason')
        batch.drop_column('failing_since')
    with op.batch_alter_table('inbound_message') as batch:
        batch.drop_column('error')
        batch.drop_column('attachment_names')
        batch.drop_column('preview')
