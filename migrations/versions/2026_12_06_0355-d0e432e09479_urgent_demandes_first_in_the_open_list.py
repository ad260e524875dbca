"""urgent demandes first in the open list: partial indexes of open ads that
start with `urgent`, for the newest-first and ending-first sorts

Revision ID: d0e432e09479
Revises: ff012c561455
Create Date: 2026-12-06 03:55:41.182022

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0e432e09479'
down_revision = 'ff012c561455'
branch_labels = None
depends_on = None

OPEN = "status = 'ouverte'"


def _open_index(name, columns):
    # Not in batch mode: a rebuilt annonce table would lose its FTS triggers.
    op.create_index(name, 'annonce', columns, unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def upgrade():
    op.drop_index('ix_annonce_open_kind_category', table_name='annonce')
    _open_index('ix_annonce_open_kind_category', ['kind', 'category', 'urgent', 'created_at'])
    _open_index('ix_annonce_open_urgent_created', ['status', 'urgent', 'created_at'])
    _open_index('ix_annonce_open_urgent_expires',
                ['status', sa.text('urgent DESC'), 'expires_on', sa.text('id DESC')])


def downgrade():
    op.drop_index('ix_annonce_open_urgent_expires', table_name='annonce')
    op.drop_index('ix_annonce_open_urgent_created', table_name='annonce')
    op.drop_index('ix_annonce_open_kind_category', table_name='annonce')
    _open_index('ix_annonce_open_kind_category', ['kind', 'category', 'created_at'])
