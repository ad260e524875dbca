"""shared outbox bodies, search index of open ads, indexes of the list

Revision ID: 7c1d2e9a4b60
Revises: f0dabfafc634
Create Date: 2026-11-29 06:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

# Frozen copies of the statements in app/models/search_index.py at this revision.
SQLITE_OPEN_FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS annonce_open_fts USING fts5("
    "search_text, content='annonce', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_insert AFTER INSERT ON annonce "
    "WHEN new.status = 'ouverte' BEGIN "
    "INSERT INTO annonce_open_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_delete AFTER DELETE ON annonce "
    "WHEN old.status = 'ouverte' BEGIN "
    "INSERT INTO annonce_open_fts(annonce_open_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_open_fts_update "
    "AFTER UPDATE OF search_text, status ON annonce BEGIN "
    "INSERT INTO annonce_open_fts(annonce_open_fts, rowid, search_text) "
    "SELECT 'delete', old.id, old.search_text WHERE old.status = 'ouverte'; "
    "INSERT INTO annonce_open_fts(rowid, search_text) "
    "SELECT new.id, new.search_text WHERE new.status = 'ouverte'; END",
]
SQLITE_OPEN_FTS_FILL = (
    "INSERT INTO annonce_open_fts(rowid, search_text) "
    "SELECT id, search_text FROM annonce WHERE status = 'ouverte'")
SQLITE_OPEN_FTS_DROP = [
    "DROP TRIGGER IF EXISTS annonce_open_fts_update",
    "DROP TRIGGER IF EXISTS annonce_open_fts_delete",
    "DROP TRIGGER IF EXISTS annonce_open_fts_insert",
    "DROP TABLE IF EXISTS annonce_open_fts",
]

# revision identifiers, used by Alembic.
revision = '7c1d2e9a4b60'
down_revision = 'f0dabfafc634'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_body'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.alter_column('body_text', existing_type=sa.Text(), nullable=True)
        batch_op.alter_column('body_html', existing_type=sa.Text(), nullable=True)
        batch_op.create_index(batch_op.f('ix_outbox_message_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_body_id_outbox_body'),
                                    'outbox_body', ['body_id'], ['id'])

    # Not in batch mode: a rebuilt annonce table would lose its FTS triggers.
    op.create_index('ix_annonce_open_kind_category', 'annonce',
                    ['kind', 'category', 'created_at'], unique=False,
                    sqlite_where=sa.text("status = 'ouverte'"),
                    postgresql_where=sa.text("status = 'ouverte'"))
    op.create_index('ix_annonce_created', 'annonce', ['created_at'], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index("ix_annonce_open_search_text", "annonce",
                        [sa.text("to_tsvector('simple', search_text)")],
                        postgresql_using="gin",
                        postgresql_where=sa.text("status = 'ouverte'"))
    elif bind.dialect.name == "sqlite":
        for statement in SQLITE_OPEN_FTS_DDL:
            op.execute(statement)
        op.execute(SQLITE_OPEN_FTS_FILL)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_index("ix_annonce_open_search_text", table_name="annonce")
    elif bind.dialect.name == "sqlite":
        for statement in SQLITE_OPEN_FTS_DROP:
            op.execute(statement)
    op.drop_index('ix_annonce_created', table_name='annonce')
    op.drop_index('ix_annonce_open_kind_category', table_name='annonce')

    op.execute("UPDATE outbox_message SET body_text = (SELECT body_text FROM outbox_body "
               "WHERE outbox_body.id = outbox_message.body_id), body_html = (SELECT body_html "
               "FROM outbox_body WHERE outbox_body.id = outbox_message.body_id) "
               "WHERE body_id IS NOT NULL AND body_text IS NULL")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_body_id_outbox_body'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_body_id'))
        batch_op.alter_column('body_html', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('body_text', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('body_id')

    op.drop_table('outbox_body')
