"""Full-text index of annonces, the same behaviour on both databases.

The application keeps `annonce.search_text` (lower case, accents removed).
SQLite indexes it with an FTS5 table kept in sync by triggers; PostgreSQL
with a GIN index on `to_tsvector('simple', search_text)`. Both match every
word of the query as a prefix ("etat civ" finds "État civil").
"""
from __future__ import annotations

from sqlalchemy import DDL, Index, event, func, literal_column

from app.models.annonce import Annonce

FTS_TABLE = "annonce_fts"
SEARCH_INDEX = "ix_annonce_search_text"

SQLITE_FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS annonce_fts USING fts5("
    "search_text, content='annonce', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_insert AFTER INSERT ON annonce BEGIN "
    "INSERT INTO annonce_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_delete AFTER DELETE ON annonce BEGIN "
    "INSERT INTO annonce_fts(annonce_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS annonce_fts_update AFTER UPDATE OF search_text ON annonce "
    "BEGIN INSERT INTO annonce_fts(annonce_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO annonce_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS annonce_fts_update",
    "DROP TRIGGER IF EXISTS annonce_fts_delete",
    "DROP TRIGGER IF EXISTS annonce_fts_insert",
    "DROP TABLE IF EXISTS annonce_fts",
]

search_vector = func.to_tsvector(literal_column("'simple'"), Annonce.search_text)
Index(SEARCH_INDEX, search_vector, postgresql_using="gin").ddl_if(
    dialect="postgresql")

for statement in SQLITE_FTS_DDL:
    event.listen(Annonce.__table__, "after_create",
                 DDL(statement).execute_if(dialect="sqlite"))
for statement in SQLITE_FTS_DROP:
    event.listen(Annonce.__table__, "before_drop",
                 DDL(statement).execute_if(dialect="sqlite"))


def is_search_index_object(type_: str, name: str | None) -> bool:
    """Parts of the full-text index that migrations manage by hand and
    autogenerate cannot compare: SQLite's FTS tables, PostgreSQL's GIN index."""
    if type_ == "table":
        return name == FTS_TABLE or (name or "").startswith(FTS_TABLE + "_")
    return type_ == "index" and name == SEARCH_INDEX
