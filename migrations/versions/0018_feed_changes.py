"""feeds: a log of feed scope changes (cheap 304s), fixed installation settings, built sizes,
and what each agency's calendar was last sent about a meeting

Revision ID: f5a0b2c4d6e8
Revises: e49f1a3b5d87
Create Date: 2026-12-05 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f5a0b2c4d6e8'
down_revision = 'e49f1a3b5d87'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feed_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_change')),
    )
    op.create_index('ix_feed_change_scope_id', 'feed_change', ['scope', 'id'])
    op.create_table(
        'app_setting',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting')),
    )
    with op.batch_alter_table('feed_token') as batch:
        batch.add_column(sa.Column('built_bytes', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('omitted_events', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'meeting_invitation',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('sent_dt', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_meeting_invitation_agency_id_agency'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitation_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id', 'agency_id', name=op.f('pk_meeting_invitation')),
    )


def downgrade():
    op.drop_table('meeting_invitation')
    with op.batch_alter_table('feed_token') as batch:
        batch.drop_column('omitted_events')
        batch.drop_column('built_bytes')
    op.drop_table('app_setting')
    op.drop_index('ix_feed_change_scope_id', table_name='feed_change')
    op.drop_table('feed_change')
